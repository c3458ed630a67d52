package dev.authbridge.web.actions;

import dev.authbridge.web.CsrfCookie;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/csrf}: {@code {"csrfToken": …}}, the same token while the cookie
 * is valid.
 */
public final class CsrfAction {

	private final CsrfCookie csrf;

	public CsrfAction(CsrfCookie csrf) {
		this.csrf = csrf;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		CsrfCookie.Issued issued = this.csrf.issue(request);
		return issued.respond(MediaType.APPLICATION_JSON).bodyValue(body(issued));
	}

	/**
	 * The answer to a request whose CSRF cookie is {@code cookieValue}, or {@code null}
	 * when it has none.
	 */
	public CsrfCookie.Issued issue(String cookieValue) {
		return this.csrf.issue(cookieValue);
	}

	/** {@code {"csrfToken":"<hex>"}}: the token is hex, so it needs no escaping. */
	public static byte[] body(CsrfCookie.Issued issued) {
		return ("{\"csrfToken\":\"" + issued.token() + "\"}").getBytes(StandardCharsets.US_ASCII);
	}

}
