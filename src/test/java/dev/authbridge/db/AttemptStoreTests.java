package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.db.AttemptStore.Limit;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AttemptStoreTests {

	static final Duration WINDOW = Duration.ofMinutes(15);

	/** Short enough to wait out, long enough for a few statements on a busy machine. */
	static final Duration SHORT_WINDOW = Duration.ofSeconds(2);

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final AttemptStore attempts = new AttemptStore(postgres.database());

	private final String email = "email:" + UUID.randomUUID();

	private final String address = "address:" + UUID.randomUUID();

	@Test
	void reserveWhenWithinBothLimitsThenZeroAndBothCounted() throws SQLException {
		StepVerifier.create(signIn(this.attempts, WINDOW, this.email, this.address)).expectNext(0L).verifyComplete();

		assertThat(count(this.email)).isOne();
		assertThat(count(this.address)).isOne();
	}

	@Test
	void reserveWhenEmailLimitReachedThenSecondsUntilTheWindowEnds() {
		reserve(this.attempts, WINDOW, this.email, this.address, 5);

		StepVerifier.create(signIn(this.attempts, WINDOW, this.email, this.address))
			.assertNext(wait -> assertThat(wait).isBetween(WINDOW.toSeconds() - 5, WINDOW.toSeconds()))
			.verifyComplete();
		StepVerifier.create(signIn(this.attempts, WINDOW, this.email, this.address))
			.assertNext(wait -> assertThat(wait).isPositive())
			.verifyComplete();
	}

	@Test
	void reserveWhenAddressLimitReachedThenEveryEmailFromItWaits() {
		reserve(this.attempts, WINDOW, this.email, this.address, 3);
		String otherEmail = "email:" + UUID.randomUUID();

		StepVerifier
			.create(this.attempts.reserve(WINDOW, List.of(new Limit(otherEmail, 5), new Limit(this.address, 3))))
			.assertNext(wait -> assertThat(wait).isPositive())
			.verifyComplete();
		StepVerifier
			.create(this.attempts.reserve(WINDOW,
					List.of(new Limit(otherEmail, 5), new Limit("address:" + UUID.randomUUID(), 3))))
			.expectNext(0L)
			.verifyComplete();
	}

	@Test
	void reserveWhenManyAtOnceThenExactlyTheLimitGetThrough() {
		// 50 attempts at once over the pool's connections: each reads and writes the
		// count in one statement
		StepVerifier
			.create(Flux.range(0, 50)
				.flatMap(i -> signIn(this.attempts, WINDOW, this.email, this.address), 50)
				.filter(wait -> wait == 0)
				.count())
			.expectNext(5L)
			.verifyComplete();
	}

	@Test
	void reserveWhenManyAtOnceOnTwoInstancesThenExactlyTheLimitGetThrough() {
		try (Database other = TestPostgres.migrated(postgres.url())) {
			AttemptStore second = new AttemptStore(other);

			StepVerifier
				.create(Flux.range(0, 60)
					.flatMap(i -> signIn(i % 2 == 0 ? this.attempts : second, WINDOW, this.email, this.address), 60)
					.filter(wait -> wait == 0)
					.count())
				.expectNext(5L)
				.verifyComplete();
		}
	}

	@Test
	void reserveWhenFloodedPastTheLimitThenCountStopsOnePastTheHighestLimit() throws SQLException {
		reserve(this.attempts, WINDOW, this.email, this.address, 40);

		assertThat(count(this.email)).isEqualTo(21);
		assertThat(count(this.address)).isEqualTo(21);
	}

	@Test
	void reserveWhenWindowEndedThenCountStartsAgain() throws Exception {
		reserve(this.attempts, SHORT_WINDOW, this.email, this.address, 5);
		StepVerifier.create(signIn(this.attempts, SHORT_WINDOW, this.email, this.address))
			.assertNext(wait -> assertThat(wait).isBetween(1L, SHORT_WINDOW.toSeconds()))
			.verifyComplete();

		Thread.sleep(SHORT_WINDOW.plusMillis(200).toMillis());

		StepVerifier.create(signIn(this.attempts, SHORT_WINDOW, this.email, this.address))
			.expectNext(0L)
			.verifyComplete();
		assertThat(count(this.email)).isOne();
	}

	@Test
	void giveBackWhenWithinTheWindowThenOneAttemptLessAndNeverBelowZero() throws SQLException {
		reserve(this.attempts, WINDOW, this.email, this.address, 2);

		StepVerifier.create(this.attempts.giveBack(this.address, WINDOW)).verifyComplete();
		assertThat(count(this.address)).isOne();
		StepVerifier
			.create(this.attempts.giveBack(this.address, WINDOW).then(this.attempts.giveBack(this.address, WINDOW)))
			.verifyComplete();
		assertThat(count(this.address)).isZero();
		assertThat(count(this.email)).isEqualTo(2);
	}

	@Test
	void giveBackWhenWindowEndedThenTheNextWindowKeepsItsCount() throws Exception {
		reserve(this.attempts, SHORT_WINDOW, this.email, this.address, 1);
		Thread.sleep(SHORT_WINDOW.plusMillis(200).toMillis());

		StepVerifier.create(this.attempts.giveBack(this.address, SHORT_WINDOW)).verifyComplete();

		assertThat(count(this.address)).as("the ended window's row, left to the next reservation").isOne();
	}

	@Test
	void clearWhenLimitReachedThenEmailFreeAndAddressStillCounted() {
		reserve(this.attempts, WINDOW, this.email, this.address, 5);

		StepVerifier.create(this.attempts.clear(this.email)).verifyComplete();

		StepVerifier.create(signIn(this.attempts, WINDOW, this.email, "address:" + UUID.randomUUID()))
			.expectNext(0L)
			.verifyComplete();
		StepVerifier
			.create(this.attempts.reserve(WINDOW,
					List.of(new Limit("email:" + UUID.randomUUID(), 5), new Limit(this.address, 5))))
			.assertNext(wait -> assertThat(wait).isPositive())
			.verifyComplete();
	}

	@Test
	void purgeWhenWindowsEndedThenOnlyThoseDeleted() throws Exception {
		try (Database database = TestPostgres.migrated(TestPostgres.freshDatabase())) {
			AttemptStore brief = new AttemptStore(database);
			reserve(brief, SHORT_WINDOW, this.email, this.address, 1);
			Thread.sleep(SHORT_WINDOW.plusMillis(200).toMillis());
			String current = "email:" + UUID.randomUUID();
			StepVerifier.create(brief.reserve(SHORT_WINDOW, List.of(new Limit(current, 1))))
				.expectNext(0L)
				.verifyComplete();

			StepVerifier.create(brief.purge(SHORT_WINDOW)).expectNext(2L).verifyComplete();

			StepVerifier.create(brief.reserve(SHORT_WINDOW, List.of(new Limit(current, 1))))
				.assertNext(wait -> assertThat(wait).isPositive())
				.verifyComplete();
		}
	}

	/** A sign-in's reservation: 5 per e-mail, 20 per address. */
	private static Mono<Long> signIn(AttemptStore store, Duration window, String email, String address) {
		return store.reserve(window, List.of(new Limit(email, 5), new Limit(address, 20)));
	}

	private static void reserve(AttemptStore store, Duration window, String email, String address, int times) {
		StepVerifier.create(Flux.range(0, times).concatMap(i -> signIn(store, window, email, address)))
			.expectNextCount(times)
			.verifyComplete();
	}

	private static int count(String key) throws SQLException {
		try (Connection connection = TestPostgres.connect(postgres.url());
				var statement = connection
					.prepareStatement("SELECT failures FROM auth.sign_in_attempts WHERE key = ?")) {
			statement.setString(1, key);
			ResultSet rows = statement.executeQuery();
			return rows.next() ? rows.getInt(1) : 0;
		}
	}

}
