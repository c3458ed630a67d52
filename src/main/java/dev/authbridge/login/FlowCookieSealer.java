package dev.authbridge.login;

import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.user.SignInFailure;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seals a {@link FlowState} into the {@code authbridge.oauth} cookie value: a compact JWE ({@code dir},
 * {@code A256GCM}) under a key derived from AUTH_SECRET, so the browser can neither read the PKCE verifier nor
 * change anything without the seal breaking.
 */
public final class FlowCookieSealer {

	/** How long a sign-in may take between leaving for the provider and coming back. */
	public static final Duration LIFETIME = Duration.ofMinutes(15);

	private static final int MAX_LENGTH = 4096;

	private static final JWEHeader HEADER = new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM);

	private final DirectEncrypter encrypter;

	private final DirectDecrypter decrypter;

	private final Clock clock;

	/** @param key 32 bytes */
	public FlowCookieSealer(byte[] key, Clock clock) {
		try {
			this.encrypter = new DirectEncrypter(key);
			this.decrypter = new DirectDecrypter(key);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("the flow key must be 256 bits", ex);
		}
		this.clock = clock;
	}

	/** A new flow for {@code provider}, expiring {@link #LIFETIME} from now. */
	public FlowState start(String provider, String state, String codeVerifier, String nonce, String redirectUri,
			String callbackUrl) {
		return new FlowState(provider, state, codeVerifier, nonce, redirectUri, callbackUrl,
				this.clock.instant().plus(LIFETIME));
	}

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
		claims.put("exp", flow.expiresAt().getEpochSecond());
		JWEObject jwe = new JWEObject(HEADER, new Payload(claims));
		try {
			jwe.encrypt(this.encrypter);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("sealing the flow cookie failed", ex);
		}
		return jwe.serialize();
	}

	/** The flow in {@code value}, or the reason it cannot be used. */
	public FlowState unseal(String value) throws SignInFailure {
		Map<String, Object> claims;
		try {
			if (value.length() > MAX_LENGTH) {
				throw new ParseException("too long", 0);
			}
			JWEObject jwe = JWEObject.parse(value);
			if (!JWEAlgorithm.DIR.equals(jwe.getHeader().getAlgorithm())
					|| !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
				throw new ParseException("unexpected algorithm", 0);
			}
			jwe.decrypt(this.decrypter);
			claims = jwe.getPayload().toJSONObject();
		}
		catch (ParseException | JOSEException ex) {
			throw new SignInFailure(Reason.STATE_COOKIE_INVALID);
		}
		if (claims == null || !(claims.get("exp") instanceof Number exp) || !(claims.get("p") instanceof String provider)
				|| !(claims.get("s") instanceof String state) || !(claims.get("v") instanceof String verifier)
				|| !(claims.get("r") instanceof String redirectUri) || !(claims.get("c") instanceof String callbackUrl)) {
			throw new SignInFailure(Reason.STATE_COOKIE_INVALID);
		}
		Instant expiresAt = Instant.ofEpochSecond(exp.longValue());
		if (!this.clock.instant().isBefore(expiresAt)) {
			throw new SignInFailure(Reason.STATE_EXPIRED);
		}
		return new FlowState(provider, state, verifier, (String) claims.get("n"), redirectUri, callbackUrl,
				expiresAt);
	}

}
