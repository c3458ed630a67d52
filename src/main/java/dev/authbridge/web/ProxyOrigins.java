package dev.authbridge.web;

import dev.authbridge.redirect.AuthUrl;
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
		if (allows(origin, this.base.of(request))) {
			return Mono.empty();
		}
		return Responses.error(HttpStatus.FORBIDDEN, "origin_not_allowed",
				"Origin " + origin + " may not use this GraphQL endpoint: list it in AUTH_CORS_ORIGINS");
	}

	/**
	 * Whether a request from {@code origin} ({@code null}: none) that is answered under
	 * {@code base} may go on.
	 */
	public boolean allows(String origin, AuthUrl base) {
		return origin == null || origin.equals(base.origin()) || this.corsOrigins.contains(origin);
	}

	/**
	 * {@link #allows} for a request answered under {@code AUTH_URL} itself, as every
	 * request is unless {@code AUTH_TRUST_HOST} lets it name its own host.
	 */
	public boolean allowsUnderAuthUrl(String origin) {
		return allows(origin, this.base.configured());
	}

}
