package dev.authbridge.web;

import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The origins whose pages may use the same-origin GraphQL proxy with the browser's
 * session cookie: {@code AUTH_URL}'s and those in {@code AUTH_CORS_ORIGINS}. As the
 * browser sends the cookie on any site's request, POSTs and WebSocket handshakes from any
 * other {@code Origin} are refused before anything is read (OWASP CSRF cheat sheet,
 * "Verifying Origin With Standard Headers"; for WebSockets, cross-site WebSocket
 * hijacking). A request without {@code Origin} comes from no browser page and passes.
 */
public final class ProxyOrigins {

	private final AuthBase base;

	private final Set<String> corsOrigins;

	public ProxyOrigins(AuthBase base, Set<String> corsOrigins) {
		this.base = base;
		this.corsOrigins = Set.copyOf(corsOrigins);
	}

	/** The 403 for a request from a foreign origin; empty when it may go on. */
	public Mono<ServerResponse> refusal(ServerRequest request) {
		String origin = request.headers().firstHeader(HttpHeaders.ORIGIN);
		if (origin == null || origin.equals(this.base.of(request).origin()) || this.corsOrigins.contains(origin)) {
			return Mono.empty();
		}
		return Responses.error(HttpStatus.FORBIDDEN, "origin_not_allowed",
				"Origin " + origin + " may not use this GraphQL endpoint: list it in AUTH_CORS_ORIGINS");
	}

}
