package dev.authbridge.hasura;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The real PostgreSQL behind the {@link HasuraStandIn}: an embedded PostgreSQL 17 started
 * once per test JVM, or the server {@code TEST_JDBC_URL} names (with
 * {@code TEST_JDBC_USER}, {@code TEST_JDBC_PASSWORD}). The tables are the ones in
 * {@code src/test/resources/hasura-stand-in/*.sql}.
 */
public final class TestDatabase {

	private static String url;

	private static Properties credentials;

	private TestDatabase() {
	}

	/** A new connection to the test database; the caller closes it. */
	public static synchronized Connection connect() throws SQLException {
		if (url == null) {
			start();
		}
		return DriverManager.getConnection(url, credentials);
	}

	/** The {@code users} row {@code id} as column → value, or an empty map. */
	public static Map<String, Object> user(String id) throws SQLException {
		try (Connection connection = connect();
				var statement = connection.prepareStatement("SELECT * FROM public.users WHERE id = ?")) {
			statement.setString(1, id);
			ResultSet rows = statement.executeQuery();
			return rows.next() ? row(rows) : Map.of();
		}
	}

	/** The current row of {@code rows} as column → value. */
	public static Map<String, Object> row(ResultSet rows) throws SQLException {
		Map<String, Object> row = new LinkedHashMap<>();
		for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
			row.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
		}
		return row;
	}

	/** Runs {@code sql}, e.g. to give a user a role in {@code user_roles}. */
	public static void execute(String sql) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static void start() throws SQLException {
		credentials = new Properties();
		String external = System.getenv("TEST_JDBC_URL");
		if (external != null && !external.isBlank()) {
			url = external;
			credentials.setProperty("user", System.getenv().getOrDefault("TEST_JDBC_USER", "postgres"));
			credentials.setProperty("password", System.getenv().getOrDefault("TEST_JDBC_PASSWORD", ""));
		}
		else {
			try {
				EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						postgres.close();
					}
					catch (IOException ex) {
						// the JVM is going away; the data directory is temporary
					}
				}));
				url = postgres.getJdbcUrl("postgres", "postgres");
				credentials.setProperty("user", "postgres");
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot start embedded PostgreSQL", ex);
			}
		}
		// The schema Hasura gets in production: the hasura/ CLI project's migrations, in
		// order, then the extra
		// table of the roles test.
		for (Path migration : migrations()) {
			execute(read(migration));
		}
		execute(resource("user_roles.sql"));
	}

	private static List<Path> migrations() {
		try (Stream<Path> versions = Files.list(Path.of("hasura/migrations/default"))) {
			return versions.sorted().map(version -> version.resolve("up.sql")).toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot list hasura/migrations", ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String resource(String name) {
		try (InputStream in = TestDatabase.class.getResourceAsStream("/hasura-stand-in/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
