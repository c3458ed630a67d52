package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionRevocationsTests {

	static final String ADA = "github|42";

	private final SessionRevocations revocations = new SessionRevocations();

	@Test
	void revokedWhenNothingLearnedThenNoSessionIs() {
		assertThat(this.revocations.revoked(session(ADA, 0))).isFalse();
		assertThat(this.revocations.epochOf(ADA)).isZero();
	}

	@ParameterizedTest(name = "user at epoch {0}, session at {1}: revoked {2}")
	@CsvSource(textBlock = """
			1, 0, true
			3, 2, true
			3, 3, false
			3, 4, false
			""")
	void revokedWhenUserEpochLearnedThenOnlyOlderSessions(long userEpoch, long sessionEpoch, boolean revoked) {
		this.revocations.learn(ADA, userEpoch);
		assertThat(this.revocations.revoked(session(ADA, sessionEpoch))).isEqualTo(revoked);
	}

	@Test
	void learnWhenOlderEpochThenKeepsTheNewest() {
		this.revocations.learn(ADA, 5);
		this.revocations.learn(ADA, 2);
		assertThat(this.revocations.epochOf(ADA)).isEqualTo(5);
		assertThat(this.revocations.revoked(session(ADA, 4))).isTrue();
	}

	@Test
	void learnWhenAnotherUserThenTheirsOnly() {
		this.revocations.learn("auth0|7", 9);
		assertThat(this.revocations.revoked(session(ADA, 0))).isFalse();
		assertThat(this.revocations.epochOf(ADA)).isZero();
		assertThat(this.revocations.epochOf("auth0|7")).isEqualTo(9);
	}

	@Test
	void listenWhenEpochGrowsThenToldOnceAndNotForOlderOrEqual() throws Exception {
		List<Revocation> heard = new ArrayList<>();
		AutoCloseable listening = this.revocations.listen(heard::add);
		this.revocations.learn(ADA, 3);
		this.revocations.learn(ADA, 3);
		this.revocations.learn(ADA, 2);
		this.revocations.ended("jti-1");
		listening.close();
		this.revocations.learn(ADA, 4);
		this.revocations.ended("jti-2");
		assertThat(heard).containsExactly(new Revocation.UserSessionsEnded(ADA, 3),
				new Revocation.SessionEnded("jti-1"));
	}

	static Session session(String userId, long epoch) {
		SessionUser user = new SessionUser(userId, null, null, null, "github", new HasuraRoles("user", List.of()));
		Instant now = Instant.parse("2026-03-01T12:00:00Z");
		return new Session(user, now, now.plusSeconds(3600), "id", epoch);
	}

	@Test
	void endedWhenAListenerFailsThenTheOthersStillHearIt() {
		List<Revocation> heard = new ArrayList<>();
		this.revocations.listen(revocation -> {
			throw new IllegalStateException("a listener with a bug");
		});
		this.revocations.listen(heard::add);

		this.revocations.ended("jti-1");
		this.revocations.learn(ADA, 2);

		assertThat(heard).containsExactly(new Revocation.SessionEnded("jti-1"),
				new Revocation.UserSessionsEnded(ADA, 2));
		assertThat(this.revocations.epochOf(ADA)).isEqualTo(2);
	}

}
