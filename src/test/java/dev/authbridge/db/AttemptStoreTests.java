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
		AttemptStore oneSecond = new AttemptStore(postgres.database(), Duration.ofSeconds(1));
		fail(oneSecond, this.email, this.address, 2);
		StepVerifier.create(oneSecond.retryAfter(this.email, 2, this.address, 20)).expectNext(1L).verifyComplete();
		Thread.sleep(1200);
		StepVerifier.create(oneSecond.retryAfter(this.email, 2, this.address, 20)).expectNext(0L).verifyComplete();
		fail(oneSecond, this.email, this.address, 1);
		assertThat(failures(this.email)).isOne();
		StepVerifier.create(oneSecond.retryAfter(this.email, 2, this.address, 20)).expectNext(0L).verifyComplete();
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
			AttemptStore oneSecond = new AttemptStore(database, Duration.ofSeconds(1));
			fail(oneSecond, this.email, this.address, 1);
			Thread.sleep(1200);
			String current = "email:" + UUID.randomUUID();
			fail(oneSecond, current, this.address, 1);
			StepVerifier.create(oneSecond.purge()).expectNext(1L).verifyComplete();
			StepVerifier.create(oneSecond.retryAfter(current, 1, this.address, 1))
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
