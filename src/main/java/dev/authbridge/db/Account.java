package dev.authbridge.db;

import java.util.UUID;

/**
 * An e-mail + password account.
 *
 * @param id its id; the shadow user is {@code credentials|<id>}
 * @param email the normalised e-mail address
 * @param name display name, may be {@code null}
 * @param passwordHash the encoded hash ({@code {bcrypt}…})
 */
public record Account(UUID id, String email, String name, String passwordHash) {

	@Override
	public String toString() {
		return "Account[" + this.id + "]";
	}

}
