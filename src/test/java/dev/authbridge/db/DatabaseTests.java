package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The pool across PostgreSQL outages: unavailable, never hanging, and back by itself once
 * the server is.
 */
class DatabaseTests {

	private static TestPostgres server;

	@BeforeAll
	static void startServer() {
		server = TestPostgres.startOwn();
	}

	@AfterAll
	static void closeServer() {
		server.close();
	}

	@Test
	void runWhenNotStartedThenMigratesFirstAndRuns() {
		try (Database database = new Database(TestPostgres.decide(TestPostgres.freshDatabase()))) {
			assertThat(database.ready()).isFalse();
			StepVerifier.create(database.ping()).expectNext(true).verifyComplete();
			assertThat(database.ready()).isTrue();
		}
	}

	@Test
	void runWhenFirstMigrationFailedThenUnavailableAtOnce() throws Exception {
		String url = server.newDatabase();
		server.stop();
		try (Database database = new Database(TestPostgres.decide(url))) {
			StepVerifier.create(database.ping())
				.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(DatabaseUnavailableException.class)
					.hasMessage("the auth schema is not in place yet"))
				.verify(Duration.ofSeconds(10));
			StepVerifier.create(database.ping())
				.expectError(DatabaseUnavailableException.class)
				.verify(Duration.ofMillis(500));
		}
		finally {
			server.start();
		}
	}

	@Test
	void startWhenPostgresDownThenReadyOnceItIsBack() throws Exception {
		String url = server.newDatabase();
		server.stop();
		try (Database database = new Database(TestPostgres.decide(url))) {
			database.start();
			Thread.sleep(1500);
			assertThat(database.ready()).isFalse();
			server.start();
			TestPostgres.awaitReady(database);
			StepVerifier.create(database.ping()).expectNext(true).verifyComplete();
		}
		finally {
			server.start();
		}
	}

	@Test
	void runWhenPostgresStopsThenUnavailableAndWhenBackThenAnswersAgain() {
		try (Database database = TestPostgres.migrated(server.newDatabase())) {
			StepVerifier.create(database.ping()).expectNext(true).verifyComplete();
			server.stop();
			StepVerifier.create(database.ping())
				.expectError(DatabaseUnavailableException.class)
				.verify(Duration.ofSeconds(15));
			server.start();
			StepVerifier.create(database.ping()).expectNext(true).verifyComplete();
		}
		finally {
			server.start();
		}
	}

	@Test
	void describeThenNoDetailThatCouldHoldASecret() {
		assertThat(Database.describe(new TimeoutException("Did not observe any item within 5000ms")))
			.isEqualTo("no answer in time");
		assertThat(Database.describe(new IllegalStateException("postgres://app:s3cret@db/app")))
			.isEqualTo("IllegalStateException");
	}

}
