package dev.authbridge.web.actions;

import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.Responses;
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
		ServerResponse.BodyBuilder response = ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.headers(Responses::noStore);
		if (issued.cookie() != null) {
			response.cookie(issued.cookie());
		}
		return response.bodyValue(Map.of("csrfToken", issued.token()));
	}

}
