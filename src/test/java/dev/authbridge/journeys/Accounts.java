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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

	/** The bridges (by port) that have had their first sign-in. */
	private static final Set<Integer> WARM = new HashSet<>();

	/**
	 * One sign-in before the first test that needs one: the Hasura stand-in's first
	 * upsert may outlast the timeout on a cold, busy machine. By GitHub's stand-in, as a
	 * sign-up with verification on signs nobody in.
	 */
	static synchronized void warmUp(int port) {
		for (int i = 0; i < 3 && !WARM.contains(port); i++) {
			if (new Browser(port).signIn("github", BridgeTest.URL + "/welcome").sets(Browser.SESSION_COOKIE)) {
				WARM.add(port);
			}
		}
	}

	/**
	 * The settings of a bridge with its accounts in {@code database} that mails through
	 * the SMTP server on {@code mailPort}, waiting 1 s for it and retrying once, and
	 * upserts its users in the Hasura stand-in.
	 */
	static void mailing(DynamicPropertyRegistry registry, String database, int mailPort) {
		Upstreams.hasuraProperties(registry);
		registry.add("DATABASE_URL", () -> database);
		registry.add("AUTH_EMAIL_SERVER", () -> "smtp://127.0.0.1:" + mailPort);
		registry.add("AUTH_EMAIL_FROM", () -> "AuthBridge <no-reply@example.test>");
		registry.add("AUTH_EMAIL_TIMEOUT", () -> "1s");
		registry.add("AUTH_EMAIL_RETRIES", () -> "1");
	}

	/**
	 * Before each test of a {@link #mailing} bridge on {@code port}: its schema in place,
	 * its first sign-up done, its tables empty, Hasura answering, and a new mailbox.
	 */
	static Mailbox freshMailJourney(int port, String database, int mailPort) throws Exception {
		awaitDatabase(port, Duration.ofSeconds(20));
		warmUp(port);
		Upstreams.hasura().reset();
		emptyTables(database);
		return Mailbox.smtp(mailPort);
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
		return withDatabase(properties);
	}

	/**
	 * An instance started with {@code properties} (a {@code DATABASE_URL} among them),
	 * once its database is ready: several started so share their accounts.
	 */
	static BridgeInstance withDatabase(List<String> properties) throws InterruptedException {
		BridgeInstance instance = BridgeInstance.start(properties);
		awaitDatabase(instance.port(), Duration.ofSeconds(30));
		return instance;
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
