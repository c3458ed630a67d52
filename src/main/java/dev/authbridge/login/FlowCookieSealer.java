package dev.authbridge.login;

import dev.authbridge.seal.SealException;
import dev.authbridge.seal.Sealer;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seals a {@link FlowState} into the {@code authbridge.oauth} cookie value, so the
 * browser can neither read the PKCE verifier nor change anything without the seal
 * breaking. The claim names are one letter each: the cookie travels with every callback
 * and must stay well under a browser's 4 KiB.
 */
public final class FlowCookieSealer {

	/** How long a sign-in may take between leaving for the provider and coming back. */
	public static final Duration LIFETIME = Duration.ofMinutes(15);

	/**
	 * The sealed use of flow cookies, so no other value sealed under the flow key passes
	 * for one.
	 */
	static final String USE = "flow";

	private final Sealer sealer;

	/**
	 * @param key 32 bytes
	 */
	public FlowCookieSealer(byte[] key, Clock clock) {
		this.sealer = new Sealer(key, clock);
	}

	/** {@code flow}, sealed to expire {@link #LIFETIME} from now. */
	public String seal(FlowState flow) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("p", flow.provider());
		claims.put("s", flow.state());
		claims.put("v", flow.codeVerifier());
		if (flow.nonce() != null) {
			claims.put("n", flow.nonce());
		}
		claims.put("r", flow.redirectUri());
		claims.put("c", flow.callbackUrl());
		return this.sealer.seal(USE, claims, LIFETIME);
	}

	/**
	 * The flow in {@code value}, or the reason it cannot be used: {@code state_expired},
	 * or {@code state_cookie_invalid} for anything else.
	 */
	public FlowState unseal(String value) throws SignInFailure {
		Map<String, Object> claims;
		try {
			claims = this.sealer.unseal(USE, value);
		}
		catch (SealException ex) {
			throw new SignInFailure(
					ex.reason() == SealException.Reason.EXPIRED ? Reason.STATE_EXPIRED : Reason.STATE_COOKIE_INVALID);
		}
		if (!(claims.get("p") instanceof String provider) || !(claims.get("s") instanceof String state)
				|| !(claims.get("v") instanceof String verifier) || !(claims.get("r") instanceof String redirectUri)
				|| !(claims.get("c") instanceof String callbackUrl)
				|| (claims.get("n") != null && !(claims.get("n") instanceof String))) {
			throw new SignInFailure(Reason.STATE_COOKIE_INVALID);
		}
		return new FlowState(provider, state, verifier, (String) claims.get("n"), redirectUri, callbackUrl);
	}

}
