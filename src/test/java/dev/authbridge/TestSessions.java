package dev.authbridge;

import dev.authbridge.session.HasuraJwtConfig;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Session cookies minted the way the service mints them, at any moment, for {@link BridgeTest}'s secret. */
public final class TestSessions {

	public static final SessionUser OCTOCAT = new SessionUser("github|583231", "The Octocat", "octocat@github.test",
			"https://avatars.github.test/u/583231", "github", new HasuraRoles("user", List.of("editor")));

	private TestSessions() {
	}

	/** A session token for {@code user} issued at {@code issuedAt} with the default lifetimes (30 d, 24 h). */
	public static String issuedAt(Instant issuedAt, SessionUser user) {
		return tokens(Clock.fixed(issuedAt, ZoneOffset.UTC)).issue(user).token();
	}

	/** A session token signed with {@code secret} instead of the service's. */
	public static String signedWith(String secret, SessionUser user) {
		return new SessionTokens(secret.getBytes(StandardCharsets.UTF_8), HasuraJwtConfig.defaultFor(secret),
				Duration.ofDays(30), Duration.ofHours(24), Clock.systemUTC())
			.issue(user)
			.token();
	}

	private static SessionTokens tokens(Clock clock) {
		return new SessionTokens(BridgeTest.SECRET.getBytes(StandardCharsets.UTF_8),
				HasuraJwtConfig.defaultFor(BridgeTest.SECRET), Duration.ofDays(30), Duration.ofHours(24), clock);
	}

}
