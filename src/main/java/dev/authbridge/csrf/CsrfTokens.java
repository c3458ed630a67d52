package dev.authbridge.csrf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * NextAuth's double-submit CSRF token (OWASP CSRF cheat sheet, "signed double-submit
 * cookie"): the cookie holds {@code token|HMAC-SHA256(key, token)}, the form or
 * {@code /csrf} carries {@code token}. A cookie whose MAC does not check was not minted
 * here and is ignored; a submitted token must equal the one in a valid cookie. NextAuth
 * hashes with plain SHA-256 over token and secret; a keyed MAC is the sound construction
 * for the same idea.
 */
public final class CsrfTokens {

	private static final HexFormat HEX = HexFormat.of();

	private static final int TOKEN_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final Mac prototype;

	public CsrfTokens(byte[] key) {
		try {
			this.prototype = Mac.getInstance("HmacSHA256");
			this.prototype.init(new SecretKeySpec(key, "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	/** A new cookie value: a random token and its MAC. */
	public String newCookieValue() {
		byte[] token = new byte[TOKEN_BYTES];
		this.random.nextBytes(token);
		String hex = HEX.formatHex(token);
		return hex + "|" + mac(hex);
	}

	/** The token inside {@code cookieValue} when its MAC checks. */
	public Optional<String> tokenOf(String cookieValue) {
		if (cookieValue == null) {
			return Optional.empty();
		}
		int bar = cookieValue.indexOf('|');
		if (bar != TOKEN_BYTES * 2 || cookieValue.length() != bar + 1 + 64) {
			return Optional.empty();
		}
		String token = cookieValue.substring(0, bar);
		return equal(mac(token), cookieValue.substring(bar + 1)) ? Optional.of(token) : Optional.empty();
	}

	/** Whether {@code submitted} is the token of a valid {@code cookieValue}. */
	public boolean matches(String cookieValue, String submitted) {
		return submitted != null && tokenOf(cookieValue).filter(token -> equal(token, submitted)).isPresent();
	}

	private String mac(String token) {
		try {
			Mac mac = (Mac) this.prototype.clone();
			return HEX.formatHex(mac.doFinal(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HmacSHA256 cannot be cloned", ex);
		}
	}

	private static boolean equal(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

}
