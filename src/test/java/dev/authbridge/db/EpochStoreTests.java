package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

class EpochStoreTests {

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final EpochStore epochs = new EpochStore(postgres.database());

	private final String user = "github|" + UUID.randomUUID();

	@Test
	void bumpWhenFirstThenOneAndThenEachBumpOneMore() {
		StepVerifier.create(this.epochs.bump(this.user)).expectNext(1L).verifyComplete();
		StepVerifier.create(this.epochs.bump(this.user)).expectNext(2L).verifyComplete();
		StepVerifier.create(this.epochs.bump(this.user)).expectNext(3L).verifyComplete();
	}

	@Test
	void bumpWhenAnotherUserBumpedThenOwnEpoch() {
		this.epochs.bump("auth0|" + UUID.randomUUID()).block();
		this.epochs.bump("auth0|" + UUID.randomUUID()).block();
		StepVerifier.create(this.epochs.bump(this.user)).expectNext(1L).verifyComplete();
	}

	@Test
	void allThenEveryEpochHoweverOld() throws Exception {
		this.epochs.bump(this.user).block();
		this.epochs.bump(this.user).block();
		postgres.ageEpoch(this.user);
		assertThat(this.epochs.all().collectMap(Map.Entry::getKey, Map.Entry::getValue).block())
			.containsEntry(this.user, 2L);
	}

	@Test
	void changedWithinWhenWindowThenOnlyEpochsChangedInIt() throws Exception {
		String recent = "github|" + UUID.randomUUID();
		this.epochs.bump(this.user).block();
		this.epochs.bump(recent).block();
		postgres.ageEpoch(this.user);
		assertThat(changed(Duration.ofSeconds(30))).containsEntry(recent, 1L).doesNotContainKey(this.user);
	}

	@Test
	void bumpWhenLastChangeOldThenChangedAgainNow() throws Exception {
		this.epochs.bump(this.user).block();
		postgres.ageEpoch(this.user);
		this.epochs.bump(this.user).block();
		assertThat(changed(Duration.ofSeconds(30))).containsEntry(this.user, 2L);
	}

	private Map<String, Long> changed(Duration window) {
		return this.epochs.changedWithin(window).collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
	}

}
