package dev.authbridge.session;

import dev.authbridge.redact.Redacted;
import java.time.Instant;

/**
 * A freshly signed session cookie value.
 *
 * @param token the compact JWS for the cookie
 * @param expiresAt its {@code exp}
 */
public record SignedSession(String token, Instant expiresAt) {

	@Override
	public String toString() {
		return Redacted.toString(this, "token");
	}

}
