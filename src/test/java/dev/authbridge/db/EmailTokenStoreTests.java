package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class EmailTokenStoreTests {

	static final String PURPOSE = "password-reset";

	@RegisterExtension
	static final MigratedDatabase postgres = new MigratedDatabase();

	private final EmailTokenStore tokens = new EmailTokenStore(postgres.database());

	private final AccountStore accounts = new AccountStore(postgres.database());

	private final byte[] hash = new byte[32];

	private UUID account;

	@BeforeEach
	void account() {
		new SecureRandom().nextBytes(this.hash);
		this.account = this.accounts
			.create(UUID.randomUUID() + "@example.test", null, "{noop}x", created -> Mono.just(created.id()))
			.block();
	}

	@Test
	void redeemWhenIssuedThenAccountOnceAndNeverAgain() {
		this.tokens.issue(this.hash, PURPOSE, TokenOwner.account(this.account), Duration.ofMinutes(30)).block();

		StepVerifier.create(this.tokens.usable(this.hash, PURPOSE)).expectNext(true).verifyComplete();
		StepVerifier.create(this.tokens.redeem(this.hash, PURPOSE, Mono::just))
			.expectNext(TokenOwner.account(this.account))
			.verifyComplete();
		StepVerifier.create(this.tokens.redeem(this.hash, PURPOSE, Mono::just)).verifyComplete();
		StepVerifier.create(this.tokens.usable(this.hash, PURPOSE)).expectNext(false).verifyComplete();
	}

	@Test
	void redeemWhenIssuedForAnAddressWithoutAccountThenTheAddressOnce() {
		TokenOwner address = TokenOwner.address(UUID.randomUUID() + "@example.test");
		this.tokens.issue(this.hash, "email-sign-in", address, Duration.ofHours(24)).block();

		StepVerifier.create(this.tokens.redeem(this.hash, "email-sign-in", Mono::just))
			.expectNext(address)
			.verifyComplete();
		StepVerifier.create(this.tokens.redeem(this.hash, "email-sign-in", Mono::just)).verifyComplete();
	}

	@Test
	void redeemWhenManyAtOnceThenExactlyOneGetsTheAccount() {
		this.tokens.issue(this.hash, PURPOSE, TokenOwner.account(this.account), Duration.ofMinutes(30)).block();

		Long redeemed = Flux.range(0, 8)
			.flatMap(i -> this.tokens.redeem(this.hash, PURPOSE, Mono::just))
			.count()
			.block();

		assertThat(redeemed).isOne();
	}

	@Test
	void redeemWhenThenFailsThenTokenStaysUsable() {
		this.tokens.issue(this.hash, PURPOSE, TokenOwner.account(this.account), Duration.ofMinutes(30)).block();

		StepVerifier.create(this.tokens.redeem(this.hash, PURPOSE, id -> Mono.error(new IllegalStateException())))
			.verifyError();

		StepVerifier.create(this.tokens.usable(this.hash, PURPOSE)).expectNext(true).verifyComplete();
	}

	@Test
	void redeemWhenExpiredOrOtherPurposeOrWithdrawnThenEmpty() throws Exception {
		this.tokens.issue(this.hash, PURPOSE, TokenOwner.account(this.account), Duration.ofSeconds(1)).block();
		StepVerifier.create(this.tokens.redeem(this.hash, "email-verification", Mono::just)).verifyComplete();
		Thread.sleep(1100);
		StepVerifier.create(this.tokens.redeem(this.hash, PURPOSE, Mono::just)).verifyComplete();

		byte[] other = new byte[32];
		new SecureRandom().nextBytes(other);
		this.tokens.issue(other, PURPOSE, TokenOwner.account(this.account), Duration.ofMinutes(30)).block();
		this.tokens.withdraw(other).block();
		StepVerifier.create(this.tokens.usable(other, PURPOSE)).expectNext(false).verifyComplete();
	}

}
