package dev.authbridge.db;

import java.time.Instant;
import java.util.UUID;

/**
 * An e-mail + password account.
 *
 * @param id its id; the shadow user is {@code credentials|<id>}
 * @param email the normalised e-mail address
 * @param name display name, may be {@code null}
 * @param passwordHash the encoded hash ({@code {bcrypt}…}), {@code null} for an account
 * made by a sign-in link whose owner has set no password
 * @param emailVerified when the owner proved the address, {@code null} until then
 */
public record Account(UUID id, String email, String name, String passwordHash, Instant emailVerified) {

	@Override
	public String toString() {
		return "Account[" + this.id + "]";
	}

}
