package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.RawHttp;
import dev.authbridge.RawHttp.Answer;
import dev.authbridge.TestSessions;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.HasuraJwtConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hasura's auth webhook over real HTTP, called as Hasura calls it in both
 * {@code HASURA_GRAPHQL_AUTH_HOOK_MODE}s (GET: the client's headers as the request's;
 * POST: {@code {"headers":{…},"request":{…}}}), with sessions from real sign-ins,
 * accounts and epochs in real PostgreSQL, and a Hasura JWT config that is not the default
 * layout. Every answer is a 200 with session variables or a 401: Hasura turns anything
 * else into a 500.
 */
@FlowTest
class HasuraWebhookTests {

	static final String DATABASE = TestPostgres.freshDatabase();

	static final String PATH = "/api/auth/hasura-webhook";

	/**
	 * HS384 with the claims under {@code $.hasura.claims}: the webhook must read access
	 * tokens as Hasura would under this very value.
	 */
	static final String JWT_SECRET = jwtSecret("webhook-tests-hs384-key-0123456789abcdef0123456789abcdef");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("DATABASE_URL", () -> DATABASE);
		registry.add("AUTH_ADMIN_SECRET", () -> Accounts.ADMIN_SECRET);
		registry.add("AUTH_HASURA_ALLOWED_ROLES", () -> "editor");
		registry.add("HASURA_GRAPHQL_JWT_SECRET", () -> JWT_SECRET);
	}

	@BeforeEach
	void emptyTables() throws Exception {
		Accounts.awaitDatabase(this.port, Duration.ofSeconds(20));
		TestPostgres.execute(DATABASE, "DELETE FROM auth.accounts; DELETE FROM auth.sign_in_attempts; "
				+ "DELETE FROM auth.user_roles; DELETE FROM auth.session_epochs");
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenSignedInWithGithubThenUserIdDefaultRoleAndShortCache(Mode mode, Browser browser) {
		browser.signIn("github", BridgeTest.URL + "/");
		String userId = userId(browser);

		Answer answer = mode.call(this.port, Map.of("Cookie", SESSION_COOKIE + "=" + cookie(browser)));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(userId).startsWith("github|");
		assertThat(json(answer)).containsExactly(Map.entry("X-Hasura-User-Id", userId),
				Map.entry("X-Hasura-Role", "user"), Map.entry("Cache-Control", "max-age=2"));
		assertThat(answer.first("Cache-Control")).isEqualTo("private, max-age=2");
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenSignedInWithCredentialsAndAllowedRoleRequestedThenThatRole(Mode mode, Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", true);

		Answer answer = mode.call(this.port,
				Map.of("Cookie", "theme=dark; " + SESSION_COOKIE + "=" + cookie(browser), "x-hasura-role", "editor"));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(json(answer)).containsEntry("X-Hasura-User-Id", userId(browser))
			.containsEntry("X-Hasura-Role", "editor");
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenRequestedRoleNotAllowedThen401(Mode mode, Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", true);

		Answer answer = mode.call(this.port,
				Map.of("Cookie", SESSION_COOKIE + "=" + cookie(browser), "X-Hasura-Role", "admin"));

		assertThat(answer.status()).isEqualTo(401);
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenNoCredentialsThen401(Mode mode) {
		assertThat(mode.call(this.port, Map.of("X-Hasura-Role", "user")).status()).isEqualTo(401);
		assertThat(mode.call(this.port, Map.of("Cookie", "theme=dark")).status()).isEqualTo(401);
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenCookieTamperedForgedOrExpiredThen401(Mode mode, Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", true);
		String good = cookie(browser);
		String tampered = good.substring(0, good.lastIndexOf('.') - 2) + (good.endsWith("AA") ? "BB" : "AA")
				+ good.substring(good.lastIndexOf('.'));
		String forged = TestSessions.signedWith("another-secret-0123456789abcdef0123456789", TestSessions.OCTOCAT);
		String expired = TestSessions.issuedAt(Instant.now().minus(Duration.ofDays(31)), TestSessions.OCTOCAT);

		for (String token : List.of(tampered, forged, expired, "not-a-jwt", "")) {
			assertThat(mode.call(this.port, Map.of("Cookie", SESSION_COOKIE + "=" + token)).status()).as(token)
				.isEqualTo(401);
		}
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenBearerAccessTokenFromSessionThenItsUser(Mode mode, Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", true);
		String accessToken = (String) browser.session().get("accessToken");

		Answer answer = mode.call(this.port,
				Map.of("Authorization", "Bearer " + accessToken, "X-Hasura-Role", "editor"));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(json(answer)).containsEntry("X-Hasura-User-Id", userId(browser))
			.containsEntry("X-Hasura-Role", "editor")
			.containsEntry("Cache-Control", "max-age=2");
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenBearerSignedWithAnotherKeyOrLayoutThen401(Mode mode) {
		String otherKey = new AccessTokens(HasuraJwtConfig
			.parse(jwtSecret("another-hs384-key-0123456789abcdef0123456789abcdefgh"), new ArrayList<>()),
				Duration.ofMinutes(15), java.time.Clock.systemUTC())
			.issue(TestSessions.OCTOCAT, Instant.now().plus(Duration.ofDays(1)))
			.token();
		String defaultLayout = TestSessions.accessToken(TestSessions.OCTOCAT);

		for (String token : List.of(otherKey, defaultLayout, "not-a-jwt")) {
			assertThat(mode.call(this.port, Map.of("Authorization", "Bearer " + token)).status()).isEqualTo(401);
		}
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenSignedOutEverywhereThenOldCookieAndAccessTokenRefused(Mode mode, Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", true);
		Browser otherDevice = new Browser(this.port);
		Accounts.signIn(otherDevice, "ada@example.com", Accounts.PASSWORD, true);
		Map<String, String> byCookie = Map.of("Cookie", SESSION_COOKIE + "=" + cookie(otherDevice));
		Map<String, String> byToken = Map.of("Authorization", "Bearer " + otherDevice.session().get("accessToken"));
		assertThat(mode.call(this.port, byCookie).status()).isEqualTo(200);
		assertThat(mode.call(this.port, byToken).status()).isEqualTo(200);

		browser.submit("/api/auth/signout",
				Map.of("csrfToken", browser.csrfToken(), "all", "true", "callbackUrl", BridgeTest.URL + "/bye"));

		awaitStatus(() -> mode.call(this.port, byCookie), 401);
		awaitStatus(() -> mode.call(this.port, byToken), 401);
	}

	@ParameterizedTest
	@EnumSource
	void hookWhenRoleRevokedThenOldCookieRefused(Mode mode, Browser browser) {
		Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, "Ada", true);
		Accounts.signIn(browser, "ada@example.com", Accounts.PASSWORD, true);
		String userId = userId(browser);
		admin().put().uri("/api/auth/admin/users/{id}/roles/reviewer", userId).exchange().expectStatus().isOk();
		Browser reviewer = new Browser(this.port);
		Accounts.signIn(reviewer, "ada@example.com", Accounts.PASSWORD, true);
		Map<String, String> asReviewer = Map.of("Cookie", SESSION_COOKIE + "=" + cookie(reviewer), "X-Hasura-Role",
				"reviewer");
		assertThat(json(mode.call(this.port, asReviewer))).containsEntry("X-Hasura-Role", "reviewer");

		admin().delete().uri("/api/auth/admin/users/{id}/roles/reviewer", userId).exchange().expectStatus().isOk();

		awaitStatus(() -> mode.call(this.port, asReviewer), 401);
	}

	@Test
	void hookWhenBodyIsNoHasuraPayloadThen401NeverAnotherStatus() {
		String junk = "x".repeat(2 * 1024 * 1024);
		for (String body : List.of("not json", "", "[]", "null", "{\"headers\":\"Cookie\"}", "{\"headers\":null}",
				"{\"headers\":{\"Cookie\":5,\"Authorization\":[\"Bearer x\"],\"X-Hasura-Role\":{}}}",
				"{\"headers\":{\"Cookie\":", "{" + "\"a\":[".repeat(5000), junk)) {
			Answer answer = RawHttp.send(this.port, "POST", PATH, List.of("Content-Type: application/json"), body);
			assertThat(answer.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(401);
		}
	}

	@Test
	void hookWhenGraphqlRequestIsLargeThenHeadersStillRead(Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", true);
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("headers", Map.of("Cookie", SESSION_COOKIE + "=" + cookie(browser)));
		payload.put("request", Map.of("query", "mutation upload($file: String!) { upload(file: $file) { id } }",
				"variables", Map.of("file", "x".repeat(2 * 1024 * 1024))));

		Answer answer = RawHttp.send(this.port, "POST", PATH, List.of("Content-Type: application/json"),
				JSON.writeValueAsString(payload));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(json(answer)).containsEntry("X-Hasura-User-Id", userId(browser));
	}

	@Test
	void hookWhenTwoCookieHeadersThenFirstSessionCookieJudgedAndNever5xx(Browser browser) {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", true);
		String good = "Cookie: " + SESSION_COOKIE + "=" + cookie(browser);
		String bad = "Cookie: " + SESSION_COOKIE + "=forged";

		assertThat(RawHttp.get(this.port, PATH, good, bad).status()).isEqualTo(200);
		assertThat(RawHttp.get(this.port, PATH, bad, good).status()).isEqualTo(401);
		assertThat(RawHttp.get(this.port, PATH, "Cookie: ;;==;", "Cookie: \u00ff=\u00ff").status()).isEqualTo(401);
	}

	@Test
	void hookWhenAnonymousRoleSetThenAnonymousForEveryoneWithoutValidCredentials() {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.add("AUTH_HASURA_ANONYMOUS_ROLE=anonymous");
		try (BridgeInstance bridge = BridgeInstance.start(properties)) {
			String session = SESSION_COOKIE + "=" + TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);
			for (Mode mode : Mode.values()) {
				for (Map<String, String> headers : List.of(Map.<String, String>of(),
						Map.of("Cookie", SESSION_COOKIE + "=forged"), Map.of("Authorization", "Bearer forged"))) {
					Answer answer = mode.call(bridge.port(), headers);
					assertThat(answer.status()).isEqualTo(200);
					assertThat(json(answer)).containsExactly(Map.entry("X-Hasura-Role", "anonymous"),
							Map.entry("Cache-Control", "max-age=2"));
				}
				assertThat(json(mode.call(bridge.port(), Map.of("Cookie", session))))
					.containsEntry("X-Hasura-User-Id", TestSessions.OCTOCAT.id())
					.containsEntry("X-Hasura-Role", "user");
				assertThat(mode.call(bridge.port(), Map.of("Cookie", session, "X-Hasura-Role", "admin")).status())
					.as("a role the user lacks is refused, not downgraded")
					.isEqualTo(401);
			}
			Answer junk = RawHttp.send(bridge.port(), "POST", PATH, List.of("Content-Type: application/json"), "{");
			assertThat(json(junk)).containsEntry("X-Hasura-Role", "anonymous");
		}
	}

	/** How Hasura calls the webhook. */
	enum Mode {

		/** The client's headers are the webhook request's. */
		GET {
			@Override
			Answer call(int port, Map<String, String> headers) {
				return RawHttp.send(port, "GET", PATH,
						headers.entrySet().stream().map(header -> header.getKey() + ": " + header.getValue()).toList(),
						null);
			}
		},

		/** {@code {"headers":{…},"request":{…}}}, as Hasura's POST mode sends it. */
		POST {
			@Override
			Answer call(int port, Map<String, String> headers) {
				Map<String, Object> payload = new LinkedHashMap<>();
				payload.put("headers", headers);
				payload.put("request", Map.of("query", "query { users { id } }", "variables", Map.of()));
				return RawHttp.send(port, "POST", PATH, List.of("Content-Type: application/json"),
						JSON.writeValueAsString(payload));
			}
		};

		abstract Answer call(int port, Map<String, String> headers);

	}

	/**
	 * Waits until {@code call} answers {@code status}, within sign-out everywhere's
	 * window (5 s at worst).
	 */
	static void awaitStatus(Supplier<Answer> call, int status) {
		Instant deadline = Instant.now().plusSeconds(5);
		int last;
		while ((last = call.get().status()) != status) {
			assertThat(last).as("answered 200 or 401 only").isIn(200, 401);
			assertThat(Instant.now()).as("%s within 5 s", status).isBefore(deadline);
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(Answer answer) {
		assertThat(answer.status()).isEqualTo(200);
		return JSON.readValue(answer.body(), LinkedHashMap.class);
	}

	static String jwtSecret(String key) {
		return "{\"type\":\"HS384\",\"key\":\"" + key + "\",\"claims_namespace_path\":\"$.hasura.claims\"}";
	}

	static String cookie(Browser browser) {
		return browser.cookies().get(SESSION_COOKIE);
	}

	static String userId(Browser browser) {
		return (String) ((Map<?, ?>) browser.session().get("user")).get("id");
	}

	WebTestClient admin() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("Authorization", "Bearer " + Accounts.ADMIN_SECRET)
			.build();
	}

}
