package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.session.Revocation;
import dev.authbridge.session.SessionRevocations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevocationListenerTests {

	/**
	 * Longer than any test: only the listener's own poll after each (re)connect runs, so
	 * only notifications and that poll can deliver.
	 */
	static final Duration NO_POLLING = Duration.ofHours(1);

	static final Duration QUICKLY = Duration.ofSeconds(1);

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final EpochStore epochs = new EpochStore(postgres.database());

	private final EndedSessionStore ended = new EndedSessionStore(postgres.database());

	private final SessionRevocations revocations = new SessionRevocations();

	private final List<Revocation> heard = new CopyOnWriteArrayList<>();

	private final RevocationListener listener = new RevocationListener(TestPostgres.decide(postgres.url()),
			postgres.database(),
			new EpochPoller(postgres.database(), this.epochs, this.revocations, NO_POLLING, Clock.systemUTC()),
			this.ended, this.revocations);

	@BeforeEach
	void listen() throws Exception {
		this.revocations.listen(this.heard::add);
		this.listener.start();
		await(this.listener::listening, Duration.ofSeconds(10), "listening");
		// what the first poll learned from the other tests' rows
		this.heard.clear();
	}

	@AfterEach
	void stop() {
		this.listener.close();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiterString = "=>", textBlock = """
			{"user":"github|583231","epoch":3}                      => github|583231          => 3
			{"user" : "a \\"quoted\\", odd|id: , x" , "epoch" : 12} => 'a "quoted", odd|id: , x' => 12
			{"user":"","epoch":1}                                   => ''                     => 1
			""")
	void parseWhenUserAndEpochThenUserSessionsEnded(String payload, String user, long epoch) {
		assertThat(RevocationListener.parse(payload)).contains(new Revocation.UserSessionsEnded(user, epoch));
	}

	@Test
	void parseWhenSessionThenSessionEnded() {
		assertThat(RevocationListener.parse("{\"session\":\"7f3c2e1a-jti\"}"))
			.contains(new Revocation.SessionEnded("7f3c2e1a-jti"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			not JSON                          | not json
			truncated                         | {"user":"github|1","epoch":
			empty                             | ''
			null                              | null
			an array                          | ["github|1",1]
			a string                          | "github|1"
			no epoch                          | {"user":"github|1"}
			no user                           | {"epoch":1}
			epoch a string                    | {"user":"github|1","epoch":"1"}
			epoch a fraction                  | {"user":"github|1","epoch":1.5}
			epoch past a long                 | {"user":"github|1","epoch":92233720368547758070}
			user a number                     | {"user":583231,"epoch":1}
			session empty                     | {"session":""}
			session a number                  | {"session":42}
			neither                           | {"jti":"abc"}
			""")
	void parseWhenNotARevocationThenEmpty(String name, String payload) {
		assertThat(RevocationListener.parse(payload)).isEmpty();
	}

	@Test
	void backoffWhenFailuresInARowThenOneSecondDoublingToThirtyPlusAFifthAtMost() {
		long[] seconds = { 1, 2, 4, 8, 16, 30, 30, 30 };
		for (int failures = 0; failures < seconds.length; failures++) {
			Duration base = Duration.ofSeconds(seconds[failures]);
			assertThat(RevocationListener.backoff(failures)).as("after %d failures", failures)
				.isBetween(base, base.plus(base.dividedBy(5)));
		}
		assertThat(RevocationListener.backoff(Integer.MAX_VALUE)).isLessThanOrEqualTo(Duration.ofSeconds(36));
	}

	@Test
	void listenWhenAnEpochIsBumpedThenHeardAtOnce() throws Exception {
		String user = "github|" + UUID.randomUUID();
		this.epochs.bump(user).block();
		awaitHeard(new Revocation.UserSessionsEnded(user, 1), QUICKLY);
	}

	@Test
	void listenWhenAnOperatorBumpsAnEpochBySqlThenHeardAtOnce() throws Exception {
		String user = "credentials|" + UUID.randomUUID();
		try (Connection connection = TestPostgres.connect(postgres.url());
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO auth.session_epochs (user_id, epoch) VALUES (?, 41)");
				PreparedStatement update = connection
					.prepareStatement("UPDATE auth.session_epochs SET epoch = epoch + 1 WHERE user_id = ?")) {
			insert.setString(1, user);
			insert.executeUpdate();
			update.setString(1, user);
			update.executeUpdate();
		}
		awaitHeard(new Revocation.UserSessionsEnded(user, 42), QUICKLY);
		assertThat(this.revocations.epochOf(user)).isEqualTo(42);
	}

	@Test
	void listenWhenASessionEndsThenHeardEachTimeAndNothingKept() throws Exception {
		String jti = UUID.randomUUID().toString();
		this.ended.record(jti).block();
		awaitHeard(new Revocation.SessionEnded(jti), QUICKLY);
		this.ended.record(jti).block();
		await(() -> this.heard.stream().filter(new Revocation.SessionEnded(jti)::equals).count() == 2, QUICKLY,
				"the second sign-out of the same session");
	}

	@Test
	void listenWhenMalformedNotificationThenIgnoredAndStillListening() throws Exception {
		TestPostgres.execute(postgres.url(), "SELECT pg_notify('" + RevocationListener.CHANNEL + "', 'not json'), "
				+ "pg_notify('" + RevocationListener.CHANNEL + "', '{\"user\":\"github|1\"}')");
		String jti = UUID.randomUUID().toString();
		this.ended.record(jti).block();
		awaitHeard(new Revocation.SessionEnded(jti), QUICKLY);
		assertThat(this.heard).containsExactly(new Revocation.SessionEnded(jti));
		assertThat(this.listener.listening()).isTrue();
	}

	@Test
	void listenWhenConnectionKilledThenReconnectsAndWhatWasMissedArrivesByThePoll() throws Exception {
		String missed = "github|" + UUID.randomUUID();
		String missedSession = UUID.randomUUID().toString();
		try (Connection connection = TestPostgres.connect(postgres.url());
				Statement statement = connection.createStatement()) {
			// one transaction: the listener's backend is gone (waited for) before the
			// revocations commit, so no notification of them can reach the listener
			connection.setAutoCommit(false);
			statement.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = '"
					+ RevocationListener.APPLICATION_NAME + "' AND datname = current_database()");
			statement.execute("INSERT INTO auth.session_epochs (user_id, epoch) VALUES ('" + missed + "', 7)");
			statement.execute("INSERT INTO auth.ended_sessions (session_id) VALUES ('" + missedSession + "')");
			connection.commit();
		}
		awaitHeard(new Revocation.UserSessionsEnded(missed, 7), Duration.ofSeconds(5));
		awaitHeard(new Revocation.SessionEnded(missedSession), Duration.ofSeconds(5));
		await(this.listener::listening, Duration.ofSeconds(5), "listening again");

		String later = "github|" + UUID.randomUUID();
		this.epochs.bump(later).block();
		awaitHeard(new Revocation.UserSessionsEnded(later, 1), QUICKLY);
	}

	private void awaitHeard(Revocation revocation, Duration within) throws InterruptedException {
		await(() -> this.heard.contains(revocation), within, "heard " + revocation);
	}

	static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("%s within %s", what, within).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

}
