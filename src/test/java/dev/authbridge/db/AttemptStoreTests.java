package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class AttemptStoreTests {

	static final Duration WINDOW = Duration.ofMinutes(15);

	/** Short enough to wait out, long enough for a few statements on a busy machine. */
	static final Duration SHORT_WINDOW = Duration.ofSeconds(2);

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final AttemptStore attempts = new AttemptStore(postgres.database(), WINDOW);

	private final String email = "email:" + UUID.randomUUID();

	private final String address = "address:" + UUID.randomUUID();

	@Test
	void retryAfterWhenNoFailuresThenZero() {
		StepVerifier.create(this.attempts.retryAfter(this.email, 5, this.address, 20)).expectNext(0L).verifyComplete();
	}

	@Test
	void retryAfterWhenBelowEmailLimitThenZero() {
		fail(this.attempts, this.email, this.address, 4);
		StepVerifier.create(this.attempts.retryAfter(this.email, 5, this.address, 20)).expectNext(0L).verifyComplete();
	}

	@Test
	void retryAfterWhenEmailLimitReachedThenSecondsUntilTheWindowEnds() {
		fail(this.attempts, this.email, this.address, 5);
		StepVerifier.create(this.attempts.retryAfter(this.email, 5, this.address, 20))
			.assertNext(wait -> assertThat(wait).isBetween(WINDOW.toSeconds() - 5, WINDOW.toSeconds()))
			.verifyComplete();
		fail(this.attempts, this.email, this.address, 1);
		StepVerifier.create(this.attempts.retryAfter(this.email, 5, this.address, 20))
			.assertNext(wait -> assertThat(wait).isPositive())
			.verifyComplete();
	}

	@Test
	void retryAfterWhenAddressLimitReachedThenEveryEmailFromItWaits() {
		fail(this.attempts, this.email, this.address, 3);
		String otherEmail = "email:" + UUID.randomUUID();
		StepVerifier.create(this.attempts.retryAfter(otherEmail, 5, this.address, 3))
			.assertNext(wait -> assertThat(wait).isPositive())
			.verifyComplete();
		StepVerifier.create(this.attempts.retryAfter(otherEmail, 5, "address:" + UUID.randomUUID(), 3))
			.expectNext(0L)
			.verifyComplete();
	}

	@Test
	void failWhenWindowEndedThenCountStartsAgain() throws Exception {
		AttemptStore brief = new AttemptStore(postgres.database(), SHORT_WINDOW);
		fail(brief, this.email, this.address, 2);
		StepVerifier.create(brief.retryAfter(this.email, 2, this.address, 20))
			.assertNext(wait -> assertThat(wait).isBetween(1L, SHORT_WINDOW.toSeconds()))
			.verifyComplete();
		Thread.sleep(SHORT_WINDOW.plusMillis(200).toMillis());
		StepVerifier.create(brief.retryAfter(this.email, 2, this.address, 20)).expectNext(0L).verifyComplete();
		fail(brief, this.email, this.address, 1);
		assertThat(failures(this.email)).isOne();
		StepVerifier.create(brief.retryAfter(this.email, 2, this.address, 20)).expectNext(0L).verifyComplete();
	}

	@Test
	void clearWhenLimitReachedThenEmailFreeAndAddressStillCounted() {
		fail(this.attempts, this.email, this.address, 5);
		StepVerifier.create(this.attempts.clear(this.email)).verifyComplete();
		StepVerifier.create(this.attempts.retryAfter(this.email, 5, "address:" + UUID.randomUUID(), 20))
			.expectNext(0L)
			.verifyComplete();
		StepVerifier.create(this.attempts.retryAfter("email:" + UUID.randomUUID(), 5, this.address, 5))
			.assertNext(wait -> assertThat(wait).isPositive())
			.verifyComplete();
	}

	@Test
	void purgeWhenWindowsEndedThenOnlyThoseDeleted() throws Exception {
		try (Database database = TestPostgres.migrated(TestPostgres.freshDatabase())) {
			AttemptStore brief = new AttemptStore(database, SHORT_WINDOW);
			fail(brief, this.email, this.address, 1);
			Thread.sleep(SHORT_WINDOW.plusMillis(200).toMillis());
			String current = "email:" + UUID.randomUUID();
			fail(brief, current, this.address, 1);
			StepVerifier.create(brief.purge()).expectNext(1L).verifyComplete();
			StepVerifier.create(brief.retryAfter(current, 1, this.address, 1))
				.assertNext(wait -> assertThat(wait).isPositive())
				.verifyComplete();
		}
	}

	private static void fail(AttemptStore store, String email, String address, int times) {
		StepVerifier.create(Flux.range(0, times).concatMap(i -> store.fail(email, address))).verifyComplete();
	}

	private static int failures(String key) throws SQLException {
		try (Connection connection = TestPostgres.connect(postgres.url());
				var statement = connection.prepareStatement("SELECT failures FROM auth.sign_in_attempts WHERE key = ?")) {
			statement.setString(1, key);
			ResultSet rows = statement.executeQuery();
			return rows.next() ? rows.getInt(1) : 0;
		}
	}

}
