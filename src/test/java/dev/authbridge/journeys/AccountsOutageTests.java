package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.db.RevocationListener;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.journeys.Browser.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * PostgreSQL away, as an operator meets it: down when the bridge starts, or stopping
 * under a running bridge. Down at startup, the bridge starts but is not ready (database
 * OUT_OF_SERVICE) until its schema is in place; stopping under a ready bridge, it stays
 * ready (database DEGRADED). Either way e-mail + password and sign-out everywhere answer
 * 503 and change nothing, OAuth sign-in, existing sessions and plain sign-out keep
 * working, and once PostgreSQL is back everything works again without a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccountsOutageTests {

	@Test
	void startWhenPostgresDownThenOAuthWorksCredentials503AndAllWorksOncePostgresIsUp() throws Exception {
		try (TestPostgres postgres = TestPostgres.startOwn()) {
			String database = postgres.newDatabase();
			postgres.stop();
			try (BridgeInstance bridge = BridgeInstance.start(properties(database))) {
				assertReadiness(bridge.port(), 503, "OUT_OF_SERVICE", "OUT_OF_SERVICE");
				assertUnavailable(
						Accounts.signUp(new Browser(bridge.port()), "ada@example.com", Accounts.PASSWORD, null, true));
				assertUnavailable(
						Accounts.signIn(new Browser(bridge.port()), "ada@example.com", Accounts.PASSWORD, true));
				assertThat(new Browser(bridge.port()).signIn("github", "/").sets(SESSION_COOKIE))
					.as("GitHub sign-in without PostgreSQL")
					.isTrue();

				assertThat(bridge.bean(RevocationListener.class).listening()).as("listening without the schema")
					.isFalse();

				postgres.start();
				Accounts.awaitDatabase(bridge.port(), Duration.ofSeconds(45));
				awaitListening(bridge, Duration.ofSeconds(10));

				assertThat(Accounts.signUp(new Browser(bridge.port()), "ada@example.com", Accounts.PASSWORD, null, true)
					.sets(SESSION_COOKIE)).isTrue();
			}
		}
	}

	@Test
	void postgresStopsMidRunThenCredentials503SessionsAndOAuthKeepWorkingThenRecovers() throws Exception {
		try (TestPostgres postgres = TestPostgres.startOwn()) {
			String database = postgres.newDatabase();
			try (BridgeInstance bridge = BridgeInstance.start(properties(database))) {
				Accounts.awaitDatabase(bridge.port(), Duration.ofSeconds(30));
				Browser ada = new Browser(bridge.port());
				Accounts.signUp(ada, "ada@example.com", Accounts.PASSWORD, "Ada", true);

				awaitListening(bridge, Duration.ofSeconds(10));
				postgres.stop();

				assertUnavailable(
						Accounts.signIn(new Browser(bridge.port()), "ada@example.com", Accounts.PASSWORD, true));
				assertUnavailable(
						Accounts.signUp(new Browser(bridge.port()), "bob@example.com", Accounts.PASSWORD, null, true));
				Page everywhere = ada.submit("/api/auth/signout",
						Map.of("csrfToken", ada.csrfToken(), "all", "true", "json", "true"));
				assertUnavailable(everywhere);
				assertThat(everywhere.clears(SESSION_COOKIE)).as("the session stays when nothing was recorded")
					.isFalse();
				assertThat(ada.session()).as("existing sessions need no database").containsKey("user");
				assertThat(new Browser(bridge.port()).signIn("github", "/").sets(SESSION_COOKIE))
					.as("GitHub sign-in without PostgreSQL")
					.isTrue();
				assertReadiness(bridge.port(), 200, "UP", "DEGRADED");

				postgres.start();

				assertThat(eventually(
						() -> Accounts.signIn(new Browser(bridge.port()), "ada@example.com", Accounts.PASSWORD, true),
						Duration.ofSeconds(20))
					.sets(SESSION_COOKIE)).as("credentials sign-in once PostgreSQL is back, no restart").isTrue();
				awaitListening(bridge, Duration.ofSeconds(35));
			}
		}
	}

	@Test
	void signoutWhenPostgresDownThenSignedOutAllTheSameWithOneWarning(CapturedOutput output) throws Exception {
		try (TestPostgres postgres = TestPostgres.startOwn()) {
			String database = postgres.newDatabase();
			try (BridgeInstance bridge = BridgeInstance.start(properties(database))) {
				Accounts.awaitDatabase(bridge.port(), Duration.ofSeconds(30));
				Browser ada = new Browser(bridge.port());
				Accounts.signUp(ada, "ada@example.com", Accounts.PASSWORD, "Ada", true);
				String session = ada.cookies().get(SESSION_COOKIE);

				postgres.stop();

				String csrfToken = ada.csrfToken();
				Instant sent = Instant.now();
				Page signedOut = ada.submit("/api/auth/signout",
						Map.of("csrfToken", csrfToken, "callbackUrl", BridgeTest.URL + "/bye"));
				System.out.printf("Sign-out with PostgreSQL down answered in %d ms%n",
						Duration.between(sent, Instant.now()).toMillis());
				assertThat(signedOut.status()).isEqualTo(HttpStatus.FOUND);
				assertThat(signedOut.location()).hasToString(BridgeTest.URL + "/bye");
				assertThat(signedOut.clears(SESSION_COOKIE)).isTrue();
				assertThat(output.getOut().lines().filter(line -> line.contains("Sign-out not announced")))
					.singleElement()
					.asString()
					.contains("WARN")
					.doesNotContain(session);
				assertThat(output.getOut()).doesNotContain(session);
			}
		}
	}

	private static void awaitListening(BridgeInstance bridge, Duration within) throws InterruptedException {
		Instant deadline = Instant.now().plus(within);
		while (!bridge.bean(RevocationListener.class).listening()) {
			assertThat(Instant.now()).as("listening for revocations within %s", within).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	private static List<String> properties(String database) {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.add("DATABASE_URL=" + database);
		properties.add("AUTH_DATABASE_TIMEOUT=2s");
		return properties;
	}

	private static void assertUnavailable(Page answer) {
		assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat((String) answer.json().get("url")).contains("reason=database_unavailable");
		assertThat(answer.sets(SESSION_COOKIE)).isFalse();
	}

	private static void assertReadiness(int port, int status, String readiness, String database) {
		WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.build()
			.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(readiness)
			.jsonPath("$.components.database.status")
			.isEqualTo(database);
	}

	/**
	 * {@code attempt}'s first answer that is not a 503, trying for at most
	 * {@code within}.
	 */
	private static Page eventually(Supplier<Page> attempt, Duration within) throws InterruptedException {
		Instant deadline = Instant.now().plus(within);
		Page answer = attempt.get();
		while (answer.status().value() == 503 && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			answer = attempt.get();
		}
		return answer;
	}

}
