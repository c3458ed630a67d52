package dev.authbridge.seal;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import dev.authbridge.seal.SealException.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Seals claims into a compact JWE ({@code dir}, {@code A256GCM}, RFC 7516 §7.1 and RFC
 * 7518 §4.5, §5.3): opaque to whoever holds it, tamper-evident, expiring, and readable by
 * any instance with the same key. Each value names its use, so a value sealed for one
 * purpose is never accepted for another even under the same key. Two claim names are the
 * sealer's own: {@code use} and {@code exp} (seconds since the epoch, as in RFC 7519
 * §4.1.4).
 */
public final class Sealer {

	/**
	 * The most a browser keeps of one cookie (RFC 6265 §6.1); nothing the bridge seals
	 * comes near it.
	 */
	public static final int MAX_LENGTH = 4096;

	private static final JWEHeader HEADER = new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM);

	private static final Set<String> HEADER_PARAMETERS = HEADER.getIncludedParams();

	private static final String USE = "use";

	private static final String EXPIRES = "exp";

	private final DirectEncrypter encrypter;

	private final DirectDecrypter decrypter;

	private final Clock clock;

	/**
	 * @param key the 256-bit key, derived from AUTH_SECRET for one purpose
	 */
	public Sealer(byte[] key, Clock clock) {
		if (key.length != 32) {
			throw new IllegalArgumentException("a sealing key must be 256 bits, not " + key.length * 8);
		}
		try {
			this.encrypter = new DirectEncrypter(key);
			this.decrypter = new DirectDecrypter(key);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("a sealing key must be 256 bits", ex);
		}
		this.clock = clock;
	}

	/** {@code claims} sealed for {@code use}, expiring {@code lifetime} from now. */
	public String seal(String use, Map<String, Object> claims, Duration lifetime) {
		if (claims.containsKey(USE) || claims.containsKey(EXPIRES)) {
			throw new IllegalArgumentException("the claims use and exp are the sealer's own");
		}
		Map<String, Object> sealed = new LinkedHashMap<>(claims);
		sealed.put(USE, use);
		sealed.put(EXPIRES, this.clock.instant().plus(lifetime).getEpochSecond());
		JWEObject jwe = new JWEObject(HEADER, new Payload(sealed));
		try {
			jwe.encrypt(this.encrypter);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("sealing for " + use + " failed", ex);
		}
		return jwe.serialize();
	}

	/**
	 * The claims {@code value} was sealed with, without {@code use} and {@code exp}.
	 * @throws SealException unless {@code value} is intact, sealed under this key for
	 * {@code use}, and not expired
	 */
	public Map<String, Object> unseal(String use, String value) throws SealException {
		if (value == null) {
			throw new SealException(Reason.MALFORMED);
		}
		if (value.length() > MAX_LENGTH) {
			throw new SealException(Reason.OVERSIZED);
		}
		Map<String, Object> claims = decrypt(value);
		if (!use.equals(claims.remove(USE))) {
			throw new SealException(Reason.WRONG_USE);
		}
		if (!(claims.remove(EXPIRES) instanceof Number expires)
				|| !this.clock.instant().isBefore(Instant.ofEpochSecond(expires.longValue()))) {
			throw new SealException(Reason.EXPIRED);
		}
		return claims;
	}

	private Map<String, Object> decrypt(String value) throws SealException {
		JWEObject jwe;
		try {
			jwe = JWEObject.parse(value);
		}
		catch (ParseException | RuntimeException ex) {
			// a hostile header gets more than ParseException out of nimbus: an
			// IllegalArgumentException for one it
			// will not build (alg none), a NullPointerException for one without enc
			throw new SealException(
					ex instanceof IllegalArgumentException ? Reason.UNEXPECTED_HEADER : Reason.MALFORMED);
		}
		// only what seal writes: no alg or enc chosen by the holder, no compression (a
		// zip bomb), no crit
		if (!HEADER_PARAMETERS.equals(jwe.getHeader().getIncludedParams())
				|| !HEADER.getAlgorithm().equals(jwe.getHeader().getAlgorithm())
				|| !HEADER.getEncryptionMethod().equals(jwe.getHeader().getEncryptionMethod())) {
			throw new SealException(Reason.UNEXPECTED_HEADER);
		}
		try {
			jwe.decrypt(this.decrypter);
		}
		catch (JOSEException ex) {
			throw new SealException(Reason.NOT_AUTHENTIC);
		}
		Map<String, Object> claims = jwe.getPayload().toJSONObject();
		if (claims == null) {
			throw new SealException(Reason.MALFORMED);
		}
		return new LinkedHashMap<>(claims);
	}

}
