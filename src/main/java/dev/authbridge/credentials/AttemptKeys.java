package dev.authbridge.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of the attempt counters ({@code auth.sign_in_attempts}): an HMAC of kind and
 * value, so the table holds no address anyone typed.
 */
final class AttemptKeys {

	private final SecretKeySpec key;

	AttemptKeys(byte[] key) {
		this.key = new SecretKeySpec(key, "HmacSHA256");
	}

	/** {@code <kind>:<hex HMAC of kind:value>}, e.g. {@code email:3f2a…}. */
	String of(String kind, String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return kind + ":"
					+ HexFormat.of().formatHex(mac.doFinal((kind + ":" + value).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
