package dev.authbridge.web.actions;

import dev.authbridge.web.CsrfCookie;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /api/auth/csrf}: {@code {"csrfToken": …}}, the same token while the cookie is valid. */
public final class CsrfAction {

	private final CsrfCookie csrf;

	public CsrfAction(CsrfCookie csrf) {
		this.csrf = csrf;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		CsrfCookie.Issued issued = this.csrf.issue(request);
		return issued.respond(MediaType.APPLICATION_JSON).bodyValue(Map.of("csrfToken", issued.token()));
	}

}
