package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AccountStoreTests {

	static final String HASH = "{bcrypt}$2a$10$abcdefghijklmnopqrstuv";

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final AccountStore accounts = new AccountStore(postgres.database());

	private final String email = UUID.randomUUID() + "@example.com";

	@Test
	void createWhenNewAddressThenAccountPassedOnAndFound() {
		Account created = this.accounts.create(this.email, "Ada", HASH, Mono::just).block();
		assertThat(created.id()).isNotNull();
		assertThat(created.email()).isEqualTo(this.email);
		StepVerifier.create(this.accounts.find(this.email)).expectNext(created).verifyComplete();
	}

	@Test
	void markVerifiedWhenFirstProofThenTimeKeptAndLaterProofsChangeNothing() {
		Account created = this.accounts.create(this.email, "Ada", HASH, Mono::just).block();
		assertThat(this.accounts.find(this.email).block().emailVerified()).isNull();
		Account verified = this.accounts.markVerified(created.id()).block();
		assertThat(verified.emailVerified()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
		assertThat(this.accounts.markVerified(created.id()).block().emailVerified())
			.isEqualTo(verified.emailVerified());
		StepVerifier.create(this.accounts.find(this.email)).expectNext(verified).verifyComplete();
		StepVerifier.create(this.accounts.markVerified(UUID.randomUUID())).verifyComplete();
	}

	@Test
	void createWhenNoNameThenStoredWithout() {
		this.accounts.create(this.email, null, HASH, Mono::just).block();
		StepVerifier.create(this.accounts.find(this.email))
			.assertNext(account -> assertThat(account.name()).isNull())
			.verifyComplete();
	}

	@Test
	void createWhenAddressTakenThenEmptyAndFirstAccountKept() {
		Account first = this.accounts.create(this.email, "Ada", HASH, Mono::just).block();
		StepVerifier.create(this.accounts.create(this.email, "Eve", "{bcrypt}other", Mono::just)).verifyComplete();
		StepVerifier.create(this.accounts.find(this.email)).expectNext(first).verifyComplete();
	}

	@Test
	void createWhenTwoRaceForOneAddressThenOneAccount() {
		StepVerifier
			.create(Flux.merge(this.accounts.create(this.email, "Ada", HASH, Mono::just),
					this.accounts.create(this.email, "Eve", HASH, Mono::just))
				.collectList())
			.assertNext(created -> assertThat(created).hasSize(1))
			.verifyComplete();
	}

	@Test
	void createWhenWhatFollowsFailsThenNoAccountAndItsFailureAsItIs() {
		IllegalStateException hasuraDown = new IllegalStateException("Hasura did not answer");
		StepVerifier.create(this.accounts.create(this.email, "Ada", HASH, account -> Mono.error(hasuraDown)))
			.expectErrorSatisfies(ex -> assertThat(ex).isSameAs(hasuraDown))
			.verify();
		StepVerifier.create(this.accounts.find(this.email)).verifyComplete();
	}

	@Test
	void createWhenWhatFollowsTakesLongerThanOneStatementTimeoutThenStillCommitted() {
		DatabaseUrl url = TestPostgres.decide(postgres.url());
		DatabaseUrl oneSecond = new DatabaseUrl(url.r2dbcUrl(), url.poolSize(), Duration.ofSeconds(1));
		try (Database database = new Database(oneSecond)) {
			database.start();
			TestPostgres.awaitReady(database);
			AccountStore store = new AccountStore(database);
			// a Hasura upsert of 1.5 s, within its own timeout: the transaction must not
			// give up first
			StepVerifier
				.create(store.create(this.email, "Ada", HASH,
						account -> Mono.delay(Duration.ofMillis(1500)).thenReturn(account)))
				.assertNext(account -> assertThat(account.email()).isEqualTo(this.email))
				.verifyComplete();
		}
		StepVerifier.create(this.accounts.find(this.email)).expectNextCount(1).verifyComplete();
	}

	@Test
	void createWhenWhatFollowsRunsThenItSeesTheAccountInItsTransaction() {
		RoleStore roles = new RoleStore(postgres.database());
		String userId = "credentials|" + UUID.randomUUID();
		StepVerifier
			.create(this.accounts.create(this.email, "Ada", HASH,
					account -> roles.grant(userId, "member").then(this.accounts.find(this.email))))
			.assertNext(account -> assertThat(account.email()).isEqualTo(this.email))
			.verifyComplete();
		StepVerifier.create(roles.roles(userId)).expectNext(List.of("member")).verifyComplete();
	}

	@Test
	void findWhenNoAccountThenEmpty() {
		StepVerifier.create(this.accounts.find(this.email)).verifyComplete();
	}

}
