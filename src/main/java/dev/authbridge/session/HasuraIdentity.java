package dev.authbridge.session;

import dev.authbridge.user.SessionUser.HasuraRoles;
import java.time.Instant;

/**
 * Who a verified session cookie or access token speaks for, as far as Hasura's session
 * variables and the revocation check need it.
 *
 * @param userId {@code x-hasura-user-id}
 * @param roles the roles the user may take
 * @param expiresAt when the token stops being honoured
 * @param epoch the user's session epoch when the token was signed
 */
public record HasuraIdentity(String userId, HasuraRoles roles, Instant expiresAt, long epoch) {

	/** The identity of a verified session cookie. */
	public static HasuraIdentity of(Session session) {
		return new HasuraIdentity(session.user().id(), session.user().roles(), session.expiresAt(), session.epoch());
	}

}
