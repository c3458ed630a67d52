package dev.authbridge.devidp;

import dev.authbridge.seal.SealException;
import dev.authbridge.seal.Sealer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization codes that carry their own grant: who signed in and what the request
 * bound the code to (client, redirect URI, PKCE challenge, nonce), sealed so the token
 * endpoint needs no store. Being stateless, a code can be redeemed more than once within
 * its minute, against RFC 6749 §4.1.2's "MUST NOT"; the PKCE verifier, which only the
 * bridge's sealed flow cookie holds, is what keeps a leaked code useless to anyone else.
 */
final class AuthorizationCodes {

	/**
	 * RFC 6749 §4.1.2 recommends at most ten minutes; the bridge redeems the code at
	 * once.
	 */
	static final Duration LIFETIME = Duration.ofSeconds(60);

	private static final String USE = "code";

	private final Sealer sealer;

	AuthorizationCodes(Sealer sealer) {
		this.sealer = sealer;
	}

	String issue(AuthorizationRequest request, DevUser user) {
		Map<String, Object> claims = new LinkedHashMap<>(user.claims());
		claims.put("client_id", DevIdp.CLIENT_ID);
		claims.put("redirect_uri", request.redirectUri());
		claims.put("scope", request.scope());
		claims.put("code_challenge", request.codeChallenge());
		if (request.nonce() != null) {
			claims.put("nonce", request.nonce());
		}
		return this.sealer.seal(USE, claims, LIFETIME);
	}

	/** The grant of {@code code} when it is intact and unexpired. */
	Optional<Grant> redeem(String code) {
		Map<String, Object> claims;
		try {
			claims = this.sealer.unseal(USE, code);
		}
		catch (SealException ex) {
			return Optional.empty();
		}
		if (claims.get("client_id") instanceof String clientId
				&& claims.get("redirect_uri") instanceof String redirectUri
				&& claims.get("scope") instanceof String scope
				&& claims.get("code_challenge") instanceof String challenge) {
			return DevUser.from(claims)
				.map(user -> new Grant(user, clientId, redirectUri, scope, challenge, (String) claims.get("nonce")));
		}
		return Optional.empty();
	}

	/**
	 * What a code grants, and what the token request must match (RFC 6749 §4.1.3, RFC
	 * 7636 §4.6).
	 *
	 * @param user who signed in
	 * @param clientId the client the code was issued to
	 * @param redirectUri the redirect URI of the authorization request
	 * @param scope the granted scope
	 * @param codeChallenge the PKCE S256 challenge
	 * @param nonce the nonce for the ID token, or {@code null}
	 */
	record Grant(DevUser user, String clientId, String redirectUri, String scope, String codeChallenge, String nonce) {
	}

}
