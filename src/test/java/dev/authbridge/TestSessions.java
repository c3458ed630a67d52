package dev.authbridge;

import dev.authbridge.config.BridgeSettings;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.HasuraJwtConfig;
import dev.authbridge.session.InvalidTokenException;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Session cookies minted the way the service mints them, at any moment, for
 * {@link BridgeTest}'s secret.
 */
public final class TestSessions {

	public static final SessionUser OCTOCAT = new SessionUser("github|583231", "The Octocat", "octocat@github.test",
			"https://avatars.github.test/u/583231", "github", new HasuraRoles("user", List.of("editor")));

	/** An e-mail + password user who proved their address. */
	public static final SessionUser VERIFIED = new SessionUser("credentials|7", "Ada", "ada@example.com", null,
			"credentials", new HasuraRoles("user", List.of()), Instant.parse("2026-12-01T10:15:30Z"));

	private TestSessions() {
	}

	/**
	 * A session token for {@code user} issued at {@code issuedAt} with the default
	 * lifetimes (30 d, 24 h).
	 */
	public static String issuedAt(Instant issuedAt, SessionUser user) {
		return tokens(Clock.fixed(issuedAt, ZoneOffset.UTC)).issue(user).token();
	}

	/**
	 * A session token that a bridge with AUTH_SECRET {@code secret}, not the service's,
	 * would issue.
	 */
	public static String signedWith(String secret, SessionUser user) {
		return tokens(secret, Clock.systemUTC()).issue(user).token();
	}

	/** The token id ({@code jti}) of session cookie {@code token}, one minted here. */
	public static String id(String token) {
		try {
			return tokens(Clock.systemUTC()).verify(token).id();
		}
		catch (InvalidTokenException ex) {
			throw new IllegalArgumentException("not a session cookie of the test secret: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The access token a service with {@link BridgeTest}'s secret and default Hasura
	 * config hands out for {@code user}.
	 */
	public static String accessToken(SessionUser user) {
		return new AccessTokens(HasuraJwtConfig.defaultFor(BridgeTest.SECRET), Duration.ofMinutes(15),
				Clock.systemUTC())
			.issue(user, Instant.now().plus(Duration.ofDays(1)))
			.token();
	}

	/**
	 * What {@code GET /api/auth/session} answers (200) a browser with session cookie
	 * {@code cookie}.
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> session(WebTestClient client, String cookie) {
		return client.get()
			.uri("/api/auth/session")
			.cookie("authbridge.session-token", cookie)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static SessionTokens tokens(Clock clock) {
		return tokens(BridgeTest.SECRET, clock);
	}

	private static SessionTokens tokens(String secret, Clock clock) {
		return new SessionTokens(BridgeSettings.derivedKey(secret, SessionTokens.KEY_PURPOSE), Duration.ofDays(30),
				Duration.ofHours(24), clock);
	}

}
