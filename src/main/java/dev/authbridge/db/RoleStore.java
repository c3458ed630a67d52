package dev.authbridge.db;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code auth.user_roles}: the Hasura roles granted to a user id on top of the configured
 * ones.
 */
public final class RoleStore {

	private final Database database;

	public RoleStore(Database database) {
		this.database = database;
	}

	/** The roles granted to {@code userId}, sorted. */
	public Mono<List<String>> roles(String userId) {
		return this.database
			.runMany(this.database.client()
				.sql("SELECT role FROM auth.user_roles WHERE user_id = :user ORDER BY role")
				.bind("user", userId)
				.map(row -> row.get("role", String.class))
				.all())
			.collectList();
	}

	/** Grants {@code role}; granting it again changes nothing. */
	public Mono<Void> grant(String userId, String role) {
		return this.database.run(this.database.client()
			.sql("INSERT INTO auth.user_roles (user_id, role) VALUES (:user, :role) ON CONFLICT DO NOTHING")
			.bind("user", userId)
			.bind("role", role)
			.then());
	}

	/** Revokes {@code role}; whether the user had it. */
	public Mono<Boolean> revoke(String userId, String role) {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.user_roles WHERE user_id = :user AND role = :role")
			.bind("user", userId)
			.bind("role", role)
			.fetch()
			.rowsUpdated()
			.map(rows -> rows > 0));
	}

}
