package dev.authbridge.user;

import java.util.List;

/**
 * What the bridge's own database says of a user at sign-in.
 *
 * @param roles Hasura roles granted to the user on top of the configured ones
 * @param epoch the user's session epoch: sessions that carry an older one are signed out
 */
public record AccountState(List<String> roles, long epoch) {

	/** No database, or nothing recorded for the user. */
	public static final AccountState NONE = new AccountState(List.of(), 0);

	public AccountState {
		roles = List.copyOf(roles);
	}

}
