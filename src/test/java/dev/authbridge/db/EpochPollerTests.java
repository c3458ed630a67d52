package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.session.MutableClock;
import dev.authbridge.session.SessionRevocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

class EpochPollerTests {

	static final Duration INTERVAL = Duration.ofSeconds(2);

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final EpochStore epochs = new EpochStore(postgres.database());

	private final SessionRevocations revocations = new SessionRevocations();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

	private final EpochPoller poller = new EpochPoller(postgres.database(), this.epochs, this.revocations, INTERVAL,
			this.clock);

	@Test
	void pollWhenFirstThenLearnsEveryEpochHoweverOld() throws Exception {
		String user = bumped(2);
		postgres.ageEpoch(user);
		StepVerifier.create(this.poller.poll()).verifyComplete();
		assertThat(this.revocations.epochOf(user)).isEqualTo(2);
	}

	@Test
	void pollWhenPolledRecentlyThenLearnsTheRecentChanges() throws Exception {
		StepVerifier.create(this.poller.poll()).verifyComplete();
		String old = bumped(1);
		postgres.ageEpoch(old);
		String recent = bumped(1);
		this.clock.advance(INTERVAL);
		StepVerifier.create(this.poller.poll()).verifyComplete();
		assertThat(this.revocations.epochOf(recent)).isEqualTo(1);
		assertThat(this.revocations.epochOf(old)).as("older than the overlap: not asked for").isZero();
	}

	@Test
	void pollWhenLastPollLongerAgoThanTheOverlapThenLearnsEveryEpochAgain() throws Exception {
		StepVerifier.create(this.poller.poll()).verifyComplete();
		String missed = bumped(3);
		postgres.ageEpoch(missed);
		this.clock.advance(EpochPoller.OVERLAP);
		StepVerifier.create(this.poller.poll()).verifyComplete();
		assertThat(this.revocations.epochOf(missed)).isEqualTo(3);
	}

	@Test
	void pollAllWhenPolledRecentlyThenStillLearnsEveryEpochHoweverOld() throws Exception {
		StepVerifier.create(this.poller.poll()).verifyComplete();
		String missed = bumped(2);
		postgres.ageEpoch(missed);
		this.clock.advance(INTERVAL);
		StepVerifier.create(this.poller.pollAll()).verifyComplete();
		assertThat(this.revocations.epochOf(missed)).isEqualTo(2);
	}

	@Test
	void pollWhenDatabaseNotReadyThenNothingAndNoError() {
		String url = TestPostgres.freshDatabase();
		try (Database notStarted = new Database(TestPostgres.decide(url))) {
			EpochPoller idle = new EpochPoller(notStarted, new EpochStore(notStarted), this.revocations, INTERVAL,
					this.clock);
			StepVerifier.create(idle.poll()).verifyComplete();
		}
	}

	@Test
	void startThenPollsUntilClosed() throws Exception {
		try (EpochPoller running = new EpochPoller(postgres.database(), this.epochs, this.revocations,
				Duration.ofMillis(100), Clock.systemUTC())) {
			running.start();
			String user = bumped(1);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (this.revocations.epochOf(user) == 0 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(this.revocations.epochOf(user)).isEqualTo(1);
		}
	}

	/** A new user whose epoch was bumped {@code times} times. */
	private String bumped(int times) {
		String user = "github|" + UUID.randomUUID();
		for (int i = 0; i < times; i++) {
			this.epochs.bump(user).block();
		}
		return user;
	}

}
