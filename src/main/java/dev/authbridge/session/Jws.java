package dev.authbridge.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What both tokens share: compact signing (RFC 7515 §7.1), with HMAC or an access token's
 * key pair, the {@code iat} rule and the reading of the time and epoch claims.
 *
 * <p>
 * The bytes are nimbus's ({@code JWSObject.serialize()}: its header and payload JSON,
 * base64url without padding, the MAC over {@code header.payload}), made without its
 * per-token work: the header is encoded once, the MAC is a clone of one keyed {@link Mac}
 * instead of a provider lookup per token, and base64url is the JDK's. Nimbus's codec is
 * constant-time, which matters for secrets; a token's header, claims and MAC are not
 * secret, and the profile of {@code /session} showed that codec as its largest single
 * cost.
 */
final class Jws {

	/**
	 * How far {@code iat} is set in the past. Hasura's default {@code allowed_skew} is 0
	 * and it rejects a token whose {@code iat} is even a second in its future, so a small
	 * lag between hosts' clocks would otherwise break sign-in.
	 */
	static final Duration IAT_BACKDATE = Duration.ofSeconds(5);

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private Jws() {
	}

	static Instant issuedAt(Clock clock) {
		return clock.instant().minus(IAT_BACKDATE);
	}

	/**
	 * {@code token} parsed by nimbus, its algorithm pinned to {@code algorithm} (no
	 * {@code none}, no algorithm swap) and its MAC checked; or why not.
	 */
	static JWSObject verified(String token, JWSAlgorithm algorithm, MACVerifier verifier) throws InvalidTokenException {
		return verified(token, algorithm, jws -> jws.verify(verifier));
	}

	/**
	 * {@code token} parsed by nimbus, its algorithm pinned to {@code algorithm} (or left
	 * to {@code check} when {@code null}) and its signature checked by {@code check}; or
	 * why not.
	 */
	static JWSObject verified(String token, JWSAlgorithm algorithm, SignatureCheck check) throws InvalidTokenException {
		JWSObject jws;
		try {
			jws = JWSObject.parse(token);
		}
		catch (java.text.ParseException ex) {
			throw new InvalidTokenException("malformed");
		}
		if (algorithm != null && !algorithm.equals(jws.getHeader().getAlgorithm())) {
			throw new InvalidTokenException("algorithm_not_allowed");
		}
		try {
			if (!check.verify(jws)) {
				throw new InvalidTokenException("bad_signature");
			}
		}
		catch (JOSEException ex) {
			throw new InvalidTokenException("bad_signature");
		}
		return jws;
	}

	/** A time claim ({@code exp}, {@code iat}) as an instant. */
	static Instant instant(Object value) throws InvalidTokenException {
		// Beyond Instant's range (e.g. 1e300) ofEpochSecond throws; such a value is no
		// usable time either.
		if (value instanceof Number seconds && Math.abs(seconds.doubleValue()) <= Instant.MAX.getEpochSecond()) {
			return Instant.ofEpochSecond(seconds.longValue());
		}
		throw new InvalidTokenException("missing_time_claims");
	}

	/**
	 * The session epoch claim: absent means 0, anything but a whole number is refused.
	 */
	static long epoch(Object value) throws InvalidTokenException {
		if (value == null) {
			return 0;
		}
		if (value instanceof Number number && number.doubleValue() >= 0 && number.doubleValue() <= Long.MAX_VALUE
				&& number.doubleValue() == Math.floor(number.doubleValue())) {
			return number.longValue();
		}
		throw new InvalidTokenException("bad_claim_epoch");
	}

	/** Whether a parsed token's signature holds. */
	@FunctionalInterface
	interface SignatureCheck {

		boolean verify(JWSObject jws) throws JOSEException;

	}

	/** Signs with one key under one header: an HMAC key or an {@link AccessTokenKey}. */
	static final class Signer {

		private final String headerSegment;

		private final UnaryOperator<byte[]> signature;

		/**
		 * @throws JOSEException when {@code key} is shorter than 256 bits, as nimbus's
		 * {@link MACSigner}
		 */
		Signer(JWSHeader header, byte[] key) throws JOSEException {
			new MACSigner(key);
			this.headerSegment = header.toBase64URL().toString();
			Mac prototype = keyedMac(header.getAlgorithm(), key);
			this.signature = input -> mac(prototype).doFinal(input);
		}

		Signer(JWSHeader header, AccessTokenKey key) {
			this.headerSegment = header.toBase64URL().toString();
			this.signature = key::sign;
		}

		String sign(Map<String, Object> payload) {
			String input = this.headerSegment + "."
					+ ENCODER.encodeToString(json(payload).getBytes(StandardCharsets.UTF_8));
			byte[] signed = this.signature.apply(input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + ENCODER.encodeToString(signed);
		}

	}

	/**
	 * {@code claims} as JSON: strings, whole numbers, booleans, lists and maps of them,
	 * which is all the tokens hold, written directly; anything else by nimbus's writer
	 * (Gson), which cost a tenth of {@code /session} in the profile. Escapes what RFC
	 * 8259 §7 requires.
	 */
	static String json(Map<String, Object> claims) {
		StringBuilder out = new StringBuilder(256);
		return write(out, claims) ? out.toString() : JSONObjectUtils.toJSONString(claims);
	}

	private static boolean write(StringBuilder out, Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String text) {
			quote(out, text);
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
			out.append(value);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getKey() instanceof String key)) {
					return false;
				}
				out.append(first ? "" : ",");
				quote(out, key).append(':');
				first = false;
				if (!write(out, entry.getValue())) {
					return false;
				}
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				out.append(i == 0 ? "" : ",");
				if (!write(out, list.get(i))) {
					return false;
				}
			}
			out.append(']');
		}
		else {
			return false;
		}
		return true;
	}

	private static StringBuilder quote(StringBuilder out, String text) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"');
	}

	/**
	 * The claims of a compact HS256 token whose header is one already checked
	 * ({@code trusted}), whose MAC checks in constant time and whose MAC segment is the
	 * one way to write it; {@code null} for anything else, which the caller then judges
	 * the thorough way (and learns its header from, when good).
	 */
	static Map<String, Object> claimsIfPlainlyValid(String token, Mac key, HeaderCache trusted) {
		int first = token.indexOf('.');
		int second = token.indexOf('.', first + 1);
		if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0
				|| !trusted.contains(token.substring(0, first))) {
			return null;
		}
		try {
			String signature = token.substring(second + 1);
			byte[] given = Base64.getUrlDecoder().decode(signature);
			if (!ENCODER.encodeToString(given).equals(signature)) {
				return null;
			}
			byte[] expected = mac(key).doFinal(token.substring(0, second).getBytes(StandardCharsets.US_ASCII));
			if (!MessageDigest.isEqual(expected, given)) {
				return null;
			}
			String payload = new String(Base64.getUrlDecoder().decode(token.substring(first + 1, second)),
					StandardCharsets.UTF_8);
			Map<String, Object> claims = ClaimsParser.parse(payload);
			return claims != null ? claims : JSONObjectUtils.parse(payload);
		}
		catch (IllegalArgumentException | java.text.ParseException ex) {
			return null;
		}
	}

	/** A keyed HMAC for {@code algorithm} (HS256, HS384 or HS512), cloned per use. */
	static Mac keyedMac(JWSAlgorithm algorithm, byte[] key) {
		String name = "HmacSHA" + algorithm.getName().substring(2);
		try {
			Mac mac = Mac.getInstance(name);
			mac.init(new SecretKeySpec(key, name));
			mac.clone();
			return mac;
		}
		catch (GeneralSecurityException | CloneNotSupportedException ex) {
			throw new IllegalStateException(name + " unavailable", ex);
		}
	}

	private static Mac mac(Mac prototype) {
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HMAC cannot be cloned", ex);
		}
	}

	/**
	 * The few header segments that passed the thorough check (HS256, nothing critical,
	 * base64url payload). Real tokens carry one or two; the set stops growing at a
	 * handful, so odd headers only cost the thorough check.
	 */
	static final class HeaderCache {

		private static final int MAX = 8;

		private final java.util.Set<String> segments = java.util.concurrent.ConcurrentHashMap.newKeySet();

		boolean contains(String segment) {
			return this.segments.contains(segment);
		}

		void learn(String segment) {
			if (this.segments.size() < MAX) {
				this.segments.add(segment);
			}
		}

	}

}
