package dev.authbridge.devidp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whoever was typed into the development sign-in page.
 *
 * @param sub the subject: stable for an e-mail address, so signing in again as the same
 * address is the same user
 * @param name display name
 * @param email e-mail address
 */
record DevUser(String sub, String name, String email) {

	/**
	 * The user for a name and e-mail address; {@code sub} is the first 16 hex digits of
	 * SHA-256 of the address.
	 */
	static DevUser of(String name, String email) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			return new DevUser(HexFormat.of().formatHex(digest, 0, 8), name, email);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

	/** The user in sealed claims, when all three are there. */
	static Optional<DevUser> from(Map<String, Object> claims) {
		if (claims.get("sub") instanceof String sub && claims.get("name") instanceof String name
				&& claims.get("email") instanceof String email) {
			return Optional.of(new DevUser(sub, name, email));
		}
		return Optional.empty();
	}

	/**
	 * The standard claims of OIDC Core §5.1. {@code email_verified} is true because the
	 * page is the development stand-in for a provider that verified the address.
	 */
	Map<String, Object> claims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", this.sub);
		claims.put("name", this.name);
		claims.put("email", this.email);
		claims.put("email_verified", true);
		return claims;
	}

}
