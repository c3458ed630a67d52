package dev.authbridge.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database with schema auth in place, for one test class:
 * {@code @RegisterExtension static final MigratedDatabase postgres = new MigratedDatabase();}.
 * Tests of the class share it, so each keeps to user ids and keys of its own.
 */
final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

	private String url;

	private Database database;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.url = TestPostgres.freshDatabase();
		this.database = TestPostgres.migrated(this.url);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.database.close();
	}

	/** The started pool. */
	Database database() {
		return this.database;
	}

	/** Its {@code postgres://} URL, for {@link TestPostgres#connect}. */
	String url() {
		return this.url;
	}

	/**
	 * Moves the last change of {@code user}'s session epoch an hour back, as if it had
	 * happened then.
	 */
	void ageEpoch(String user) throws SQLException {
		try (Connection connection = TestPostgres.connect(this.url);
				PreparedStatement statement = connection.prepareStatement(
						"UPDATE auth.session_epochs SET changed_at = now() - interval '1 hour' WHERE user_id = ?")) {
			statement.setString(1, user);
			if (statement.executeUpdate() != 1) {
				throw new IllegalStateException("no session epoch recorded for " + user);
			}
		}
	}

}
