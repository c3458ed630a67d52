package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The helper other tests lean on for real PostgreSQL, outages included, does what its
 * Javadoc promises.
 */
class TestPostgresTests {

	@Test
	void freshDatabaseWhenCalledTwiceThenTwoSeparateEmptyDatabases() throws SQLException {
		String first = TestPostgres.freshDatabase();
		String second = TestPostgres.freshDatabase();
		assertThat(first).isNotEqualTo(second).startsWith("postgres://");
		TestPostgres.execute(first, "CREATE TABLE mine (id int)");
		assertThat(tableCount(second, "mine")).isZero();
		assertThat(tableCount(first, "mine")).isOne();
	}

	@Test
	void startOwnWhenStoppedThenRefusedAndWhenStartedAgainThenSamePortAndData() throws SQLException {
		try (TestPostgres own = TestPostgres.startOwn()) {
			String url = own.newDatabase();
			int port = own.port();
			TestPostgres.execute(url, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");

			own.stop();
			assertThat(own.running()).isFalse();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> TestPostgres.connect(url).close());

			own.start();
			assertThat(own.running()).isTrue();
			assertThat(own.port()).isEqualTo(port);
			try (Connection connection = TestPostgres.connect(url);
					ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM kept")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getInt(1)).isEqualTo(42);
			}
		}
	}

	@Test
	void startOwnWhenStoppedOrStartedTwiceThenNothingMore() throws SQLException {
		try (TestPostgres own = TestPostgres.startOwn()) {
			own.start();
			own.stop();
			own.stop();
			own.start();
			TestPostgres.execute(own.url(), "SELECT 1");
		}
	}

	private static int tableCount(String url, String table) throws SQLException {
		try (Connection connection = TestPostgres.connect(url);
				var statement = connection.prepareStatement("SELECT count(*) FROM pg_tables WHERE tablename = ?")) {
			statement.setString(1, table);
			ResultSet rows = statement.executeQuery();
			rows.next();
			return rows.getInt(1);
		}
	}

}
