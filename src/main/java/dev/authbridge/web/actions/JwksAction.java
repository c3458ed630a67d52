package dev.authbridge.web.actions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/jwks}: the public keys access tokens are signed with, as a JWK Set
 * (RFC 7517 §5), for Hasura's {@code jwk_url} and any other verifier. Empty with a
 * shared-key (HMAC) configuration: that key is never published.
 *
 * <p>
 * Always {@code Cache-Control: public, max-age=<AUTH_JWKS_MAX_AGE>}: Hasura refetches a
 * {@code jwk_url} when that age has passed, so {@code no-cache} would have it fetch on
 * every request, and an answer without the header would have it never fetch again.
 */
public final class JwksAction {

	private final Map<String, Object> body;

	private final String cacheControl;

	/**
	 * @param keys the public JWKs, never with private parts
	 * @param maxAge how long a client may keep the set
	 */
	public JwksAction(List<Map<String, Object>> keys, Duration maxAge) {
		this.body = Map.of("keys", List.copyOf(keys));
		this.cacheControl = CacheControl.maxAge(maxAge).cachePublic().getHeaderValue();
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header("Cache-Control", this.cacheControl)
			.bodyValue(this.body);
	}

}
