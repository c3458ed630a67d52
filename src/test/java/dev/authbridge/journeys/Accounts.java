package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.hasura.TestDatabase;
import dev.authbridge.journeys.Browser.Page;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the e-mail + password tests share: a browser's sign-up and credentials sign-in,
 * the wait for the schema, and reading the bridge's own tables.
 */
final class Accounts {

	static final String ADMIN_SECRET = "admin-secret-0123456789abcdef0123456789";

	static final String PASSWORD = "correct horse battery staple";

	private Accounts() {
	}

	/** Posts the sign-up form; {@code json} adds {@code json=true}. */
	static Page signUp(Browser browser, String email, String password, String name, boolean json) {
		return browser.submit("/api/auth/signup",
				form(browser, Map.of("email", email, "password", password, "name", name == null ? "" : name), json));
	}

	/** Posts NextAuth's credentials form to {@code /api/auth/callback/credentials}. */
	static Page signIn(Browser browser, String email, String password, boolean json) {
		return browser.submit("/api/auth/callback/credentials",
				form(browser, Map.of("email", email, "password", password), json));
	}

	private static Map<String, String> form(Browser browser, Map<String, String> fields, boolean json) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("csrfToken", browser.csrfToken());
		form.put("callbackUrl", BridgeTest.URL + "/welcome");
		if (json) {
			form.put("json", "true");
		}
		return form;
	}

	/**
	 * The settings of a test context with accounts in {@code database}, Hasura's
	 * stand-in, and mail to the {@link Mailbox} on {@code mailPort} (1 s timeout, one
	 * retry).
	 */
	static void withMail(DynamicPropertyRegistry registry, String database, int mailPort) {
		Upstreams.hasuraProperties(registry);
		registry.add("DATABASE_URL", () -> database);
		registry.add("AUTH_EMAIL_SERVER", () -> "smtp://127.0.0.1:" + mailPort);
		registry.add("AUTH_EMAIL_FROM", () -> "AuthBridge <no-reply@example.test>");
		registry.add("AUTH_EMAIL_TIMEOUT", () -> "1s");
		registry.add("AUTH_EMAIL_RETRIES", () -> "1");
	}

	/** Deletes every account, mailed token, counted attempt and session epoch. */
	static void emptyTables(String database) throws SQLException {
		TestPostgres.execute(database, "DELETE FROM auth.email_tokens; DELETE FROM auth.accounts; "
				+ "DELETE FROM auth.sign_in_attempts; DELETE FROM auth.session_epochs");
	}

	/**
	 * A bridge instance with the shared upstreams, a database of its own and
	 * {@code settings} ({@code NAME=value}), once its schema is in place.
	 */
	static BridgeInstance bridge(String... settings) throws InterruptedException {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.add("DATABASE_URL=" + TestPostgres.freshDatabase());
		properties.addAll(List.of(settings));
		BridgeInstance bridge = BridgeInstance.start(properties);
		awaitDatabase(bridge.port(), Duration.ofSeconds(30));
		return bridge;
	}

	/**
	 * Waits until the bridge on {@code port} reports its database ready (the migrations
	 * run after startup).
	 */
	static void awaitDatabase(int port, Duration within) throws InterruptedException {
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		Instant deadline = Instant.now().plus(within);
		while (!http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()
			.contains("\"database\":{\"status\":\"UP\"")) {
			assertThat(Instant.now()).as("database ready within %s", within).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	/**
	 * The rows {@code sql} selects from the database of {@code databaseUrl}, each as
	 * column → value.
	 */
	static List<Map<String, Object>> rows(String databaseUrl, String sql) throws SQLException {
		try (Connection connection = TestPostgres.connect(databaseUrl);
				Statement statement = connection.createStatement()) {
			ResultSet result = statement.executeQuery(sql);
			List<Map<String, Object>> rows = new ArrayList<>();
			while (result.next()) {
				rows.add(TestDatabase.row(result));
			}
			return rows;
		}
	}

}
