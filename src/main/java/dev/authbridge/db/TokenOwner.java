package dev.authbridge.db;

import java.util.UUID;

/**
 * Whom a mailed token was issued for: an account, or (a sign-in link to an address that
 * has none yet) only an address. At least one of the two is set.
 *
 * @param account the account's id, or {@code null}
 * @param email the normalised address, or {@code null} when {@code account} says it
 */
public record TokenOwner(UUID account, String email) {

	public TokenOwner {
		if (account == null && email == null) {
			throw new IllegalArgumentException("a token is issued for an account or an address");
		}
	}

	public static TokenOwner account(UUID account) {
		return new TokenOwner(account, null);
	}

	public static TokenOwner address(String email) {
		return new TokenOwner(null, email);
	}

	@Override
	public String toString() {
		return "TokenOwner[" + (this.account != null ? this.account : "an address") + "]";
	}

}
