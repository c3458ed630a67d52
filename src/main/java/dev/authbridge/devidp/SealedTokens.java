package dev.authbridge.devidp;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the development provider would otherwise have to remember, handed out instead as compact JWEs ({@code dir},
 * {@code A256GCM}) under a key derived from AUTH_SECRET: opaque to the holder, tamper-evident, expiring, and
 * readable by any instance with the same secret. Each token names its use, so an access token is never accepted as
 * an authorization code or the other way round.
 */
final class SealedTokens {

	private static final JWEHeader HEADER = new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM);

	private static final int MAX_LENGTH = 4096;

	private final DirectEncrypter encrypter;

	private final DirectDecrypter decrypter;

	private final Clock clock;

	/** @param key 32 bytes */
	SealedTokens(byte[] key, Clock clock) {
		try {
			this.encrypter = new DirectEncrypter(key);
			this.decrypter = new DirectDecrypter(key);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("the dev-idp key must be 256 bits", ex);
		}
		this.clock = clock;
	}

	/** {@code claims} sealed for {@code use}, expiring {@code lifetime} from now. */
	String seal(String use, Map<String, Object> claims, Duration lifetime) {
		Map<String, Object> sealed = new LinkedHashMap<>(claims);
		sealed.put("use", use);
		sealed.put("exp", this.clock.instant().plus(lifetime).getEpochSecond());
		JWEObject jwe = new JWEObject(HEADER, new Payload(sealed));
		try {
			jwe.encrypt(this.encrypter);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("sealing a dev-idp token failed", ex);
		}
		return jwe.serialize();
	}

	/** The claims of {@code value} when it is intact, sealed for {@code use} and not expired. */
	Optional<Map<String, Object>> unseal(String use, String value) {
		if (value == null || value.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		Map<String, Object> claims;
		try {
			JWEObject jwe = JWEObject.parse(value);
			if (!HEADER.getAlgorithm().equals(jwe.getHeader().getAlgorithm())
					|| !HEADER.getEncryptionMethod().equals(jwe.getHeader().getEncryptionMethod())) {
				return Optional.empty();
			}
			jwe.decrypt(this.decrypter);
			claims = jwe.getPayload().toJSONObject();
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			return Optional.empty();
		}
		if (claims == null || !use.equals(claims.get("use")) || !(claims.get("exp") instanceof Number exp)
				|| this.clock.instant().getEpochSecond() >= exp.longValue()) {
			return Optional.empty();
		}
		return Optional.of(claims);
	}

}
