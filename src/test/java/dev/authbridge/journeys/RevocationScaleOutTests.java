package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.TestSessions;
import dev.authbridge.journeys.Browser.Page;
import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.db.RevocationListener;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.session.Revocation;
import dev.authbridge.session.SessionRevocations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Two bridge instances on one PostgreSQL that do not poll within a test
 * ({@code AUTH_REVOCATION_POLL_INTERVAL=1h}), so that only PostgreSQL's notifications,
 * and the poll of every epoch after the listener (re)connects, can tell one instance of
 * the other's revocations: what the GraphQL proxy needs to close a revoked user's
 * WebSockets on every instance.
 */
class RevocationScaleOutTests {

	static final Duration QUICKLY = Duration.ofSeconds(1);

	/** How soon a revocation closes a proxy socket on every instance: DESIGN §9. */
	static final Duration REVOCATION = Duration.ofSeconds(5);

	static String database;

	static BridgeInstance first;

	static BridgeInstance second;

	/** Each revocation an instance heard, with when ({@link System#nanoTime()}). */
	final Map<Revocation, Long> heardByFirst = new ConcurrentHashMap<>();

	final Map<Revocation, Long> heardBySecond = new ConcurrentHashMap<>();

	final List<AutoCloseable> listening = new ArrayList<>();

	@BeforeAll
	static void twoInstances() throws Exception {
		database = TestPostgres.freshDatabase();
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.add("DATABASE_URL=" + database);
		properties.add("AUTH_REVOCATION_POLL_INTERVAL=1h");
		properties.addAll(Upstreams.hasuraProperties());
		properties.add("AUTH_HASURA_PROXY=true");
		first = Accounts.withDatabase(properties);
		second = Accounts.withDatabase(properties);
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
	}

	@BeforeEach
	void listen() throws Exception {
		for (BridgeInstance instance : List.of(first, second)) {
			RevocationListener listener = instance.bean(RevocationListener.class);
			await(listener::listening, Duration.ofSeconds(10), "instance listening");
		}
		this.listening.add(first.bean(SessionRevocations.class)
			.listen(revocation -> this.heardByFirst.putIfAbsent(revocation, System.nanoTime())));
		this.listening.add(second.bean(SessionRevocations.class)
			.listen(revocation -> this.heardBySecond.putIfAbsent(revocation, System.nanoTime())));
	}

	@AfterEach
	void stopListening() throws Exception {
		for (AutoCloseable listener : this.listening) {
			listener.close();
		}
	}

	@Test
	void signoutEverywhereOnOneInstanceThenTheOtherHearsItAndRefusesTheOldCookieWithinASecond() throws Exception {
		Browser laptop = new Browser(first.port());
		Accounts.signUp(laptop, "grace@example.com", Accounts.PASSWORD, null, true);
		Browser phone = new Browser(second.port());
		Page signedIn = Accounts.signIn(phone, "grace@example.com", Accounts.PASSWORD, true);
		assertThat(signedIn.status()).as("%s", signedIn.json()).isEqualTo(HttpStatus.OK);
		assertThat(phone.session()).containsKey("user");
		Revocation revoked = new Revocation.UserSessionsEnded(userId("grace@example.com"), 1);

		String csrfToken = laptop.csrfToken();
		long sent = System.nanoTime();
		assertThat(laptop.submit("/api/auth/signout", Map.of("csrfToken", csrfToken, "all", "true"))
			.clears(SESSION_COOKIE)).isTrue();
		long answered = System.nanoTime();

		assertThat(this.heardByFirst).as("the instance that signed out").containsKey(revoked);
		await(() -> this.heardBySecond.containsKey(revoked), QUICKLY, "the other instance hears it");
		System.out.printf("NOTIFY latency, sign-out everywhere: %d ms from the request, %d ms from its answer%n",
				Duration.ofNanos(this.heardBySecond.get(revoked) - sent).toMillis(),
				Duration.ofNanos(this.heardBySecond.get(revoked) - answered).toMillis());
		await(() -> phone.session().isEmpty(), QUICKLY, "the old cookie signed out on the other instance");
	}

	@Test
	void signoutOnOneInstanceThenItHearsTheSessionEndAtOnceAndTheOtherWithinASecond() throws Exception {
		Browser browser = new Browser(first.port());
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, true);
		Revocation ended = new Revocation.SessionEnded(TestSessions.id(browser.cookies().get(SESSION_COOKIE)));

		String csrfToken = browser.csrfToken();
		long sent = System.nanoTime();
		Browser.Page signedOut = browser.submit("/api/auth/signout", Map.of("csrfToken", csrfToken));

		assertThat(signedOut.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(signedOut.clears(SESSION_COOKIE)).isTrue();
		assertThat(this.heardByFirst).as("the instance that signed out, before it answered").containsKey(ended);
		await(() -> this.heardBySecond.containsKey(ended), QUICKLY, "the other instance hears it");
		System.out.printf("NOTIFY latency, sign-out: %d ms from the request%n",
				Duration.ofNanos(this.heardBySecond.get(ended) - sent).toMillis());
	}

	@Test
	void listenerConnectionKilledThenWhatWasMissedArrivesByThePollAndLaterRevocationsAtOnce() throws Exception {
		Browser laptop = new Browser(first.port());
		Accounts.signUp(laptop, "alan@example.com", Accounts.PASSWORD, null, true);
		Browser phone = new Browser(second.port());
		Accounts.signIn(phone, "alan@example.com", Accounts.PASSWORD, true);
		String user = userId("alan@example.com");

		try (Connection connection = TestPostgres.connect(database);
				Statement kill = connection.createStatement();
				PreparedStatement bump = connection
					.prepareStatement("INSERT INTO auth.session_epochs (user_id, epoch) VALUES (?, 1) "
							+ "ON CONFLICT (user_id) DO UPDATE SET epoch = auth.session_epochs.epoch + 1")) {
			// one transaction: both listeners' backends are gone (waited for) before the
			// operator's bump commits, so its notification reaches neither
			connection.setAutoCommit(false);
			kill.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
					+ "WHERE application_name = 'authbridge-listen' AND datname = current_database()");
			bump.setString(1, user);
			bump.executeUpdate();
			connection.commit();
		}
		Revocation missed = new Revocation.UserSessionsEnded(user, 1);
		await(() -> this.heardBySecond.containsKey(missed), Duration.ofSeconds(5),
				"the bump made while disconnected, by the poll after reconnecting");
		assertThat(phone.session()).as("the old cookie on the other instance").isEmpty();

		RevocationListener reconnected = second.bean(RevocationListener.class);
		await(reconnected::listening, Duration.ofSeconds(5), "listening again");
		Accounts.signIn(phone, "alan@example.com", Accounts.PASSWORD, true);
		assertThat(phone.session()).containsKey("user");
		assertThat(laptop.submit("/api/auth/signout", Map.of("csrfToken", laptop.csrfToken(), "all", "true")).status())
			.isEqualTo(HttpStatus.FOUND);
		await(() -> this.heardBySecond.containsKey(new Revocation.UserSessionsEnded(user, 2)), QUICKLY,
				"a later sign-out everywhere, over the new connection");
		await(() -> phone.session().isEmpty(), QUICKLY, "the newer cookie signed out on the other instance");
	}

	@Test
	void revokedOnOneInstanceThenTheProxySocketsOnTheOtherClose4403() throws Exception {
		Browser laptop = new Browser(first.port());
		Accounts.signUp(laptop, "edsger@example.com", Accounts.PASSWORD, null, true);
		Browser phone = new Browser(second.port());
		Accounts.signIn(phone, "edsger@example.com", Accounts.PASSWORD, true);
		Browser tablet = new Browser(second.port());
		Accounts.signIn(tablet, "edsger@example.com", Accounts.PASSWORD, true);
		try (GraphQlSocket phoneSocket = GraphQlSocket.initialised(second.port(), HasuraStandIn.TRANSPORT_WS,
				phone.cookies().get(SESSION_COOKIE));
				GraphQlSocket tabletSocket = GraphQlSocket.initialised(second.port(), HasuraStandIn.TRANSPORT_WS,
						tablet.cookies().get(SESSION_COOKIE))) {
			// the phone signs out, its request reaching the first instance
			Browser phoneOnFirst = new Browser(first.port());
			phoneOnFirst.cookies().putAll(phone.cookies());
			phoneOnFirst.submit("/api/auth/signout", Map.of("csrfToken", phoneOnFirst.csrfToken()));

			assertThat(phoneSocket.closedWithin(REVOCATION).code()).isEqualTo(4403);
			assertThat(tabletSocket.isOpen()).isTrue();

			laptop.submit("/api/auth/signout", Map.of("csrfToken", laptop.csrfToken(), "all", "true"));

			assertThat(tabletSocket.closedWithin(REVOCATION).code()).isEqualTo(4403);
		}
	}

	/** The shadow user id of the account with {@code email}. */
	private static String userId(String email) throws Exception {
		return "credentials|" + Accounts.rows(database, "SELECT id FROM auth.accounts WHERE email = '" + email + "'")
			.get(0)
			.get("id");
	}

	private static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("%s within %s", what, within).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
