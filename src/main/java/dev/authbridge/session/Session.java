package dev.authbridge.session;

import dev.authbridge.user.SessionUser;
import java.time.Instant;

/**
 * A verified session cookie.
 *
 * @param user who is signed in
 * @param issuedAt the token's {@code iat}
 * @param expiresAt the token's {@code exp}: when the session ends unless rolled
 * @param id the token's {@code jti}, kept across rolls
 * @param epoch the user's session epoch when they signed in, kept across rolls
 */
public record Session(SessionUser user, Instant issuedAt, Instant expiresAt, String id, long epoch) {
}
