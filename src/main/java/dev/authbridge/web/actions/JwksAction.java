package dev.authbridge.web.actions;

import java.time.Duration;
import dev.authbridge.session.KeyRing;
import dev.authbridge.web.Responses;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/jwks}: the public keys access tokens are signed with, as a JWK Set
 * (RFC 7517 §5), for Hasura's {@code jwk_url} and any other verifier: the static key, or
 * every generated key published now (those waiting to sign, the one signing and those
 * whose tokens may still be in use). Empty with a shared-key (HMAC) configuration: that
 * key is never published.
 *
 * <p>
 * Always {@code Cache-Control: public, max-age=<AUTH_JWKS_MAX_AGE>}: Hasura refetches a
 * {@code jwk_url} when that age has passed, so {@code no-cache} would have it fetch on
 * every request, and an answer without the header would have it never fetch again.
 */
public final class JwksAction {

	private final KeyRing keys;

	private final String cacheControl;

	/**
	 * @param keys the keys whose public JWKs are served, never with private parts;
	 * {@code null} with a shared key
	 * @param maxAge how long a client may keep the set
	 */
	public JwksAction(KeyRing keys, Duration maxAge) {
		this.keys = keys;
		this.cacheControl = CacheControl.maxAge(maxAge).cachePublic().getHeaderValue();
	}

	/**
	 * The set; while generated keys are not loaded yet, once the first attempt to load
	 * them is over, and if they are still missing a 503 that nobody caches: a set cached
	 * empty would have Hasura refuse every token for a max-age.
	 */
	public Mono<ServerResponse> handle(ServerRequest request) {
		if (this.keys == null) {
			return answer(List.of());
		}
		return this.keys.firstLoad()
			.then(Mono.defer(() -> this.keys.loaded() ? answer(this.keys.publicJwks())
					: ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
						.contentType(MediaType.APPLICATION_JSON)
						.headers(Responses::noStore)
						.header(HttpHeaders.RETRY_AFTER, SessionAction.RETRY_AFTER)
						.bodyValue(SessionAction.KEYS_UNAVAILABLE_JSON)));
	}

	private Mono<ServerResponse> answer(List<Map<String, Object>> jwks) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header("Cache-Control", this.cacheControl)
			.bodyValue(Map.of("keys", jwks));
	}

}
