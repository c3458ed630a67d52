package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.TestSessions;
import dev.authbridge.db.DatabaseUnavailableException;
import dev.authbridge.user.AccountState;
import dev.authbridge.user.AccountStates;
import dev.authbridge.user.SessionUser;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SessionIssuerTests {

	/** Default role {@code user}, configured roles {@code user, editor}. */
	static final SessionUser USER = SessionTokensTests.USER;

	static final SessionTokens TOKENS = SessionTokensTests.tokens(Clock.fixed(SessionTokensTests.NOW, ZoneOffset.UTC));

	private final SessionRevocations revocations = new SessionRevocations();

	@Test
	void issueWhenNothingGrantedThenConfiguredRolesAndEpochZero() {
		StepVerifier.create(issuer(AccountStates.NONE).issue(USER).map(SessionIssuerTests::verify))
			.assertNext(session -> {
				assertThat(session.user()).isEqualTo(USER);
				assertThat(session.epoch()).isZero();
			})
			.verifyComplete();
	}

	@Test
	void issueWhenRolesGrantedThenAppendedAfterDefaultAndConfiguredOnes() {
		AccountStates states = userId -> Mono.just(new AccountState(List.of("admin", "editor", "moderator"), 0));
		StepVerifier.create(issuer(states).issue(USER).map(SessionIssuerTests::verify)).assertNext(session -> {
			assertThat(session.user().roles().defaultRole()).isEqualTo("user");
			assertThat(session.user().roles().allowed()).containsExactly("user", "editor", "admin", "moderator");
			assertThat(session.user().id()).isEqualTo(USER.id());
			assertThat(session.user().email()).isEqualTo(USER.email());
		}).verifyComplete();
	}

	@Test
	void issueWhenRolesGrantedToAUserWhoProvedTheAddressThenEmailVerifiedKept() {
		AccountStates states = userId -> Mono.just(new AccountState(List.of("admin"), 0));
		SessionUser proved = TestSessions.VERIFIED;
		StepVerifier.create(issuer(states).issue(proved).map(SessionIssuerTests::verify))
			.assertNext(session -> assertThat(session.user().emailVerified()).isEqualTo(proved.emailVerified()))
			.verifyComplete();
	}

	@Test
	void issueWhenGrantedRoleIsTheDefaultOneThenListedOnce() {
		AccountStates states = userId -> Mono.just(new AccountState(List.of("user"), 0));
		StepVerifier.create(issuer(states).issue(USER).map(SessionIssuerTests::verify))
			.assertNext(session -> assertThat(session.user().roles().allowed()).containsExactly("user", "editor"))
			.verifyComplete();
	}

	@Test
	void issueThenLooksUpTheSignedInUser() {
		AccountStates states = userId -> Mono
			.just(userId.equals(USER.id()) ? new AccountState(List.of("admin"), 0) : AccountState.NONE);
		StepVerifier.create(issuer(states).issue(USER).map(SessionIssuerTests::verify))
			.assertNext(session -> assertThat(session.user().roles().allowed()).contains("admin"))
			.verifyComplete();
	}

	@ParameterizedTest(name = "database {0}, known here {1}: signed at {2}")
	@CsvSource(textBlock = """
			0, 0, 0
			2, 0, 2
			2, 5, 5
			7, 5, 7
			""")
	void issueThenSignedAtTheNewerOfDatabaseAndKnownEpoch(long stored, long known, long expected) {
		if (known > 0) {
			this.revocations.learn(USER.id(), known);
		}
		AccountStates states = userId -> Mono.just(new AccountState(List.of(), stored));
		StepVerifier.create(issuer(states).issue(USER).map(SessionIssuerTests::verify))
			.assertNext(session -> assertThat(session.epoch()).isEqualTo(expected))
			.verifyComplete();
	}

	@Test
	void issueWhenDatabaseUnavailableThenConfiguredRolesOnlyAndKnownEpochWithoutError() {
		this.revocations.learn(USER.id(), 4);
		AccountStates down = userId -> Mono.error(new DatabaseUnavailableException("no answer in time"));
		StepVerifier.create(issuer(down).issue(USER).map(SessionIssuerTests::verify)).assertNext(session -> {
			assertThat(session.user()).isEqualTo(USER);
			assertThat(session.epoch()).isEqualTo(4);
		}).verifyComplete();
	}

	@Test
	void maxAgeThenTheSessionLifetime() {
		assertThat(issuer(AccountStates.NONE).maxAge()).isEqualTo(SessionTokensTests.MAX_AGE);
	}

	private SessionIssuer issuer(AccountStates states) {
		return new SessionIssuer(TOKENS, states, this.revocations);
	}

	private static Session verify(SignedSession signed) {
		try {
			return TOKENS.verify(signed.token());
		}
		catch (InvalidTokenException ex) {
			throw new AssertionError("issued session does not verify: " + ex.getMessage(), ex);
		}
	}

}
