package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The access tokens of {@code /api/auth/session} and the proxy: one signature per session
 * cookie for half a token's life, while revocation still applies to every request.
 */
class ReusedAccessTokensTests {

	private final MutableClock clock = new MutableClock(AccessTokensTests.NOW);

	private final SessionTokens sessions = SessionTokensTests.tokens(this.clock);

	private final SessionRevocations revocations = new SessionRevocations();

	private final ReusedAccessTokens tokens = new ReusedAccessTokens(new LiveSessions(this.sessions, this.revocations),
			new AccessTokens(HasuraJwtConfig.defaultFor(AccessTokensTests.KEY), AccessTokensTests.MAX_AGE, this.clock),
			AccessTokensTests.MAX_AGE, this.clock);

	@Test
	void forCookieWhenAskedAgainWithinHalfTheLifetimeThenSameToken() {
		String cookie = this.sessions.issue(AccessTokensTests.USER).token();
		String first = this.tokens.forCookie(cookie);

		this.clock.advance(AccessTokensTests.MAX_AGE.dividedBy(2).minusSeconds(1));

		assertThat(this.tokens.forCookie(cookie)).isEqualTo(first);
	}

	@Test
	void forCookieWhenHalfTheLifetimeGoneThenFreshTokenThatLivesLonger() throws Exception {
		String cookie = this.sessions.issue(AccessTokensTests.USER).token();
		String first = this.tokens.forCookie(cookie);

		this.clock.advance(AccessTokensTests.MAX_AGE.dividedBy(2));
		String second = this.tokens.forCookie(cookie);

		assertThat(second).isNotEqualTo(first);
		assertThat(expiry(second)).isEqualTo(this.clock.instant().plus(AccessTokensTests.MAX_AGE).getEpochSecond());
	}

	@Test
	void forCookieWhenTokensLiveUnderFourMinutesThenNeverReused() {
		Duration minute = Duration.ofSeconds(62);
		ReusedAccessTokens shortLived = new ReusedAccessTokens(new LiveSessions(this.sessions, this.revocations),
				new AccessTokens(HasuraJwtConfig.defaultFor(AccessTokensTests.KEY), minute, this.clock), minute,
				this.clock);
		String cookie = this.sessions.issue(AccessTokensTests.USER).token();
		String first = shortLived.forCookie(cookie);

		this.clock.advance(Duration.ofSeconds(1));

		assertThat(shortLived.forCookie(cookie)).isNotEqualTo(first);
	}

	@Test
	void forCookieWhenUserSignedOutEverywhereThenNoTokenAtOnceThoughOneWasReused() {
		String cookie = this.sessions.issue(AccessTokensTests.USER, 1).token();
		assertThat(this.tokens.forCookie(cookie)).isNotNull();

		this.revocations.learn(AccessTokensTests.USER.id(), 2);

		assertThat(this.tokens.forCookie(cookie)).isNull();
	}

	@Test
	void forCookieWhenSessionExpiredThenNoToken() {
		String cookie = this.sessions.issue(AccessTokensTests.USER).token();
		assertThat(this.tokens.forCookie(cookie)).isNotNull();

		this.clock.advance(SessionTokensTests.MAX_AGE.plus(Duration.ofMinutes(1)));

		assertThat(this.tokens.forCookie(cookie)).isNull();
	}

	@Test
	void forCookieWhenNoneOrForgedThenNoToken() {
		assertThat(this.tokens.forCookie(null)).isNull();
		assertThat(this.tokens.forCookie("not-a-session")).isNull();
	}

	@Test
	void forCookieWhenMoreCookiesThanRememberedThenEachStillGetsItsUsersToken() throws Exception {
		String first = this.sessions.issue(AccessTokensTests.USER).token();
		this.tokens.forCookie(first);
		for (int i = 0; i < ReusedAccessTokens.MAX_ENTRIES; i++) {
			this.clock.advance(Duration.ofMillis(1));
			this.tokens.forCookie(this.sessions.issue(AccessTokensTests.USER).token());
		}

		String again = this.tokens.forCookie(first);

		assertThat(SignedJWT.parse(again).getJWTClaimsSet().getSubject()).isEqualTo(AccessTokensTests.USER.id());
	}

	private static long expiry(String token) throws Exception {
		return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant().getEpochSecond();
	}

}
