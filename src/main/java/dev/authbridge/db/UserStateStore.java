package dev.authbridge.db;

import dev.authbridge.user.AccountState;
import dev.authbridge.user.AccountStates;
import java.util.List;
import reactor.core.publisher.Mono;

/** A user's granted roles and session epoch, read in one round trip at sign-in. */
public final class UserStateStore implements AccountStates {

	private final Database database;

	public UserStateStore(Database database) {
		this.database = database;
	}

	@Override
	public Mono<AccountState> of(String userId) {
		return this.database.run(this.database.client()
			.sql("SELECT coalesce((SELECT epoch FROM auth.session_epochs WHERE user_id = :user), 0) AS epoch, "
					+ "coalesce((SELECT array_agg(role ORDER BY role) FROM auth.user_roles WHERE user_id = :user), "
					+ "'{}') AS roles")
			.bind("user", userId)
			.map(row -> new AccountState(List.of(row.get("roles", String[].class)), row.get("epoch", Long.class)))
			.one());
	}

}
