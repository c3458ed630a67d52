package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.FLOW_COOKIE;
import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static dev.authbridge.journeys.SignInAssertions.assertCallbackFailed;
import static dev.authbridge.journeys.SignInAssertions.assertFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.BridgeTest;
import dev.authbridge.RawHttp;
import dev.authbridge.RawHttp.Answer;
import dev.authbridge.TestSessions;
import dev.authbridge.config.BridgeSettings;
import dev.authbridge.csrf.CsrfTokens;
import dev.authbridge.journeys.Browser.Page;
import dev.authbridge.journeys.GithubStandIn.Account;
import dev.authbridge.login.FlowCookieSealer;
import dev.authbridge.login.FlowState;
import dev.authbridge.session.SessionTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bad-input catalogue: every kind of hostile or broken input the bridge must survive,
 * one named case each, sent to the running service over real HTTP (the flow cases through
 * the stand-in GitHub and a real OIDC provider). Each case ends in one of the answers a
 * client can act on, never a 5xx and never a session:
 * <ul>
 * <li>a 4xx whose JSON body says why ({@code {"error","message"}});
 * <li>{@code /api/auth/session}'s signed-out answer {@code {}} (NextAuth's contract for
 * any bad cookie), with the bad cookie cleared;
 * <li>for browser forms and callbacks, a 302 to {@code /api/auth/signin?csrf=true} or to
 * {@code /api/auth/error?error=<Code>&reason=<reason>}.
 * </ul>
 * Requests the HTTP layer refuses before any application code runs (an oversized head, a
 * control character in a header, a target that is no URI) get its bare 400, 414 or 431:
 * the status is their only reason. Beside these, the property tests throw 10,000
 * generated inputs each at the parsers behind them ({@code CookieHeaderPropertyTests},
 * {@code SessionTokensPropertyTests}, {@code CallbackUrlPolicyPropertyTests},
 * {@code CsrfTokensPropertyTests}), and {@code CallbackUrlFlowTests} sends a sign-in to
 * off-site callbackUrls.
 */
@FlowTest
class BadInputCatalogueTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String OTHER_SECRET = "another-secret-0123456789abcdef0123456789";

	private static final String SIGNIN_CSRF = BridgeTest.URL + "/api/auth/signin?csrf=true";

	@LocalServerPort
	int port;

	@Autowired
	BridgeSettings settings;

	/**
	 * Session cookies that must not sign anyone in: {@code GET /api/auth/session} answers
	 * {@code {}} and clears it.
	 */
	@Nested
	class Tokens {

		@ParameterizedTest(name = "{0}")
		@MethodSource
		void sessionWhenTokenBadThenSignedOutAndCookieCleared(String name, String token) {
			Answer answer = RawHttp.get(port, "/api/auth/session", "Cookie: " + SESSION_COOKIE + "=" + token);

			assertSignedOut(answer);
			assertThat(answer.header("set-cookie")).as("bad cookie cleared")
				.anyMatch(cookie -> cookie.startsWith(SESSION_COOKIE + "=;") && cookie.contains("Max-Age=0"));
		}

		static Stream<Arguments> sessionWhenTokenBadThenSignedOutAndCookieCleared() throws Exception {
			Instant now = Instant.now();
			String valid = TestSessions.issuedAt(now, TestSessions.OCTOCAT);
			String[] parts = valid.split("\\.");
			Map<String, Object> claims = JSONObjectUtils.parse(decode(parts[1]));
			Map<String, Object> hasuraShaped = new LinkedHashMap<>(claims);
			hasuraShaped.put("https://hasura.io/jwt/claims", Map.of("x-hasura-allowed-roles", List.of("user", "admin"),
					"x-hasura-default-role", "user", "x-hasura-user-id", "github|583231"));
			hasuraShaped.remove("role");
			hasuraShaped.remove("roles");
			return Stream.of(
					arguments("payload tampered, signature kept",
							parts[0] + "." + encode(JSONObjectUtils.toJSONString(with(claims, "sub", "github|1"))) + "."
									+ parts[2]),
					arguments("signature tampered", parts[0] + "." + parts[1] + "." + flip(parts[2])),
					arguments("truncated", valid.substring(0, valid.length() - 10)),
					arguments("signature stripped", parts[0] + "." + parts[1] + "."),
					arguments("alg none", encode("{\"alg\":\"none\"}") + "." + parts[1] + "."),
					arguments("HS384 header, signed with the session key", hmac("HS384", claims)),
					arguments("HS512 header, signed with the session key", hmac("HS512", claims)),
					arguments("RS256 header, signed with an RSA key", rs256(claims)),
					arguments("HS256 with another key", TestSessions.signedWith(OTHER_SECRET, TestSessions.OCTOCAT)),
					arguments("expired", TestSessions.issuedAt(now.minus(Duration.ofDays(31)), TestSessions.OCTOCAT)),
					arguments("iat two hours in the future",
							hmac("HS256", with(claims, "iat", now.plus(Duration.ofHours(2)).getEpochSecond()))),
					arguments("no exp", hmac("HS256", with(claims, "exp", null))),
					arguments("no iat", hmac("HS256", with(claims, "iat", null))),
					arguments("exp not a number", hmac("HS256", with(claims, "exp", "never"))),
					arguments("no sub", hmac("HS256", with(claims, "sub", null))),
					arguments("roles not an array", hmac("HS256", with(claims, "roles", "admin"))),
					arguments("Hasura claims in place of roles", hmac("HS256", hasuraShaped)),
					arguments("signed with AUTH_SECRET itself, as sessions were before #14",
							hmacWith(BridgeTest.SECRET.getBytes(StandardCharsets.UTF_8), "HS256", claims)),
					arguments("the access token /session hands out (Hasura's key)",
							TestSessions.accessToken(TestSessions.OCTOCAT)),
					arguments("payload not JSON, signed with the session key", hmac("HS256", "not json")),
					arguments("over 4 KiB, signed with the session key",
							hmac("HS256", with(claims, "pad", "x".repeat(4096)))),
					arguments("five parts, JWE-shaped", "eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn"),
					arguments("not a JWT", "not-a-jwt"));
		}

	}

	/** Cookie headers a browser would not send: never a session, whatever the bytes. */
	@Nested
	class Cookies {

		@ParameterizedTest(name = "{0}")
		@MethodSource
		void sessionWhenCookieHeaderOddThenSignedOut(String name, String cookieHeader) {
			assertSignedOut(RawHttp.get(port, "/api/auth/session", "Cookie: " + cookieHeader));
		}

		static Stream<Arguments> sessionWhenCookieHeaderOddThenSignedOut() {
			String valid = TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);
			int half = valid.length() / 2;
			return Stream.of(arguments("oversized value, 6 KB", SESSION_COOKIE + "=" + "eyJ".repeat(2000)),
					arguments("duplicated, garbage first and a valid token second",
							SESSION_COOKIE + "=garbage; " + SESSION_COOKIE + "=" + valid),
					arguments("chunk-like names .0 and .1 holding a valid token's halves",
							SESSION_COOKIE + ".0=" + valid.substring(0, half) + "; " + SESSION_COOKIE + ".1="
									+ valid.substring(half)),
					arguments("__Secure- prefix on an http AUTH_URL", "__Secure-" + SESSION_COOKIE + "=" + valid),
					arguments("name in other letter case", "Authbridge.Session-Token=" + valid),
					arguments("garbage in quotes", SESSION_COOKIE + "=\"garbage\""),
					arguments("valid token percent-encoded", SESSION_COOKIE + "=" + valid.replace(".", "%2E")),
					arguments("bytes that are not UTF-8", SESSION_COOKIE + "=\u00ff\u00fe\u00fd"),
					arguments("empty value", SESSION_COOKIE + "="), arguments("name without '='", SESSION_COOKIE),
					arguments("separators only", ";;; = ;="));
		}

	}

	/**
	 * Requests whose head the HTTP layer (Reactor Netty) refuses before the application
	 * sees them: over its limits (4 KiB request line, 16 KiB headers) with 414 or 431, a
	 * header value with a control character with 400.
	 */
	@Nested
	class HttpLayer {

		@ParameterizedTest(name = "{0}")
		@MethodSource
		void requestWhenHeadRefusedByHttpLayerThenStatus(String name, String target, List<String> headers, int status) {
			Answer answer = RawHttp.send(port, "GET", target, headers, null);

			assertThat(answer.status()).isEqualTo(status);
			assertNoSession(answer);
		}

		static Stream<Arguments> requestWhenHeadRefusedByHttpLayerThenStatus() {
			String session = "/api/auth/session";
			return Stream.of(
					arguments("Cookie header of 64 KB", session, List.of("Cookie: a=" + "b".repeat(65_536)), 431),
					arguments("one header of 20 KB", session, List.of("X-Filler: " + "c".repeat(20_000)), 431),
					arguments("600 headers", session,
							Stream.iterate(0, i -> i + 1)
								.limit(600)
								.map(i -> "X-Filler-" + i + ": " + "d".repeat(24))
								.toList(),
							431),
					arguments("request line of 64 KB", session + "?x=" + "e".repeat(65_536), List.of(), 414),
					arguments("control character in a cookie value", session,
							List.of("Cookie: " + SESSION_COOKIE + "=abc\u0001def"), 400));
		}

	}

	/**
	 * Forms posted without the double-submit pair that {@code /api/auth/csrf} handed this
	 * browser (OWASP CSRF cheat sheet): back to the sign-in page with {@code ?csrf=true},
	 * no flow started.
	 */
	@Nested
	class Csrf {

		@ParameterizedTest(name = "{0}")
		@MethodSource
		void signinWhenCsrfBadThenBackToSigninWithoutFlow(String name, CsrfForgery forgery) {
			CsrfPair sent = forgery.apply(csrfPair(), csrfPair());

			Answer answer = post("/api/auth/signin/github", sent.cookie(),
					"callbackUrl=%2F" + (sent.token() == null ? "" : "&csrfToken=" + sent.token()));

			assertThat(answer.status()).isEqualTo(302);
			assertThat(answer.first("location")).isEqualTo(SIGNIN_CSRF);
			assertThat(answer.header("set-cookie")).noneMatch(cookie -> cookie.startsWith(FLOW_COOKIE + "="));
			assertNoSession(answer);
		}

		static Stream<Arguments> signinWhenCsrfBadThenBackToSigninWithoutFlow() {
			CsrfPair foreign = CsrfPair
				.of(new CsrfTokens(OTHER_SECRET.getBytes(StandardCharsets.UTF_8)).newCookieValue());
			return Stream.of(
					arguments("token missing", (CsrfForgery) (mine, theirs) -> new CsrfPair(mine.cookie(), null)),
					arguments("cookie missing", (CsrfForgery) (mine, theirs) -> new CsrfPair(null, mine.token())),
					arguments("token empty", (CsrfForgery) (mine, theirs) -> new CsrfPair(mine.cookie(), "")),
					arguments("token wrong",
							(CsrfForgery) (mine, theirs) -> new CsrfPair(mine.cookie(), "f".repeat(64))),
					arguments("another user's token",
							(CsrfForgery) (mine, theirs) -> new CsrfPair(mine.cookie(), theirs.token())),
					arguments("another user's cookie",
							(CsrfForgery) (mine, theirs) -> new CsrfPair(theirs.cookie(), mine.token())),
					arguments("cookie with a forged MAC",
							(CsrfForgery) (mine, theirs) -> new CsrfPair(mine.token() + "|" + "0".repeat(64),
									mine.token())),
					arguments("pair minted under another AUTH_SECRET", (CsrfForgery) (mine, theirs) -> foreign));
		}

		@Test
		void signoutWhenAnotherUsersCsrfTokenThenBackToConfirmationAndSessionKept() {
			String session = TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);
			CsrfPair mine = csrfPair();

			Answer answer = post("/api/auth/signout", mine.cookie() + "; " + SESSION_COOKIE + "=" + session,
					"csrfToken=" + csrfPair().token());

			assertThat(answer.status()).isEqualTo(302);
			assertThat(answer.first("location")).isEqualTo(BridgeTest.URL + "/api/auth/signout?csrf=true");
			assertThat(answer.header("set-cookie")).noneMatch(cookie -> cookie.startsWith(SESSION_COOKIE + "="));
		}

	}

	/**
	 * Callbacks that do not belong to the flow sealed in this browser's
	 * {@code authbridge.oauth} cookie (RFC 6749 §10.12): the error page with the reason,
	 * the flow cookie cleared, and no code redeemed unless the flow matched.
	 */
	@Nested
	class State {

		final GithubStandIn github = Upstreams.github();

		@Test
		void callbackWhenReplayedAfterSignInThenStateCookieMissing(Browser browser) {
			URI callback = approvedCallback(browser, "github");
			assertThat(browser.visit(callback).sets(SESSION_COOKIE)).isTrue();
			browser.cookies().remove(SESSION_COOKIE);

			assertCallbackFailed(browser.visit(callback), "state_cookie_missing");
		}

		@Test
		void callbackWhenReplayedWithCapturedFlowCookieThenCodeRefusedByProvider(Browser browser, Browser attacker) {
			Page toProvider = browser.startSignIn("auth0", "/");
			String flow = browser.cookies().get(FLOW_COOKIE);
			URI callback = browser.visit(toProvider.location()).location();
			assertThat(browser.visit(callback).sets(SESSION_COOKIE)).isTrue();
			attacker.cookies().put(FLOW_COOKIE, flow);

			assertCallbackFailed(attacker.visit(callback), "token_exchange_failed");
			assertThat(attacker.session()).isEmpty();
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource
		void callbackWhenParametersChangedThenRefusedBeforeAnyCodeIsRedeemed(String name,
				UnaryOperator<UriComponentsBuilder> change, String reason, Browser browser) {
			URI changed = change.apply(UriComponentsBuilder.fromUri(approvedCallback(browser, "github")))
				.build(true)
				.toUri();

			assertCallbackFailed(browser.visit(changed), reason);
			assertThat(this.github.tokenRequests()).isEmpty();
		}

		static Stream<Arguments> callbackWhenParametersChangedThenRefusedBeforeAnyCodeIsRedeemed() {
			return Stream.of(
					arguments("state differs",
							(UnaryOperator<UriComponentsBuilder>) uri -> uri.replaceQueryParam("state", "forged"),
							"state_mismatch"),
					arguments("state missing",
							(UnaryOperator<UriComponentsBuilder>) uri -> uri.replaceQueryParam("state"),
							"state_mismatch"),
					arguments("code missing",
							(UnaryOperator<UriComponentsBuilder>) uri -> uri.replaceQueryParam("code"), "code_missing"),
					arguments("provider answers error=server_error",
							(UnaryOperator<UriComponentsBuilder>) uri -> uri.replaceQueryParam("code")
								.queryParam("error", "server_error"),
							"provider_error"));
		}

		@Test
		void callbackWhenFlowStartedMoreThanFifteenMinutesAgoThenStateExpired(Browser browser) {
			Clock sixteenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16));
			browser.cookies().put(FLOW_COOKIE, sealedGithubFlow(settings.derivedKey("flow"), sixteenMinutesAgo));

			assertCallbackFailed(browser.visit(githubCallback()), "state_expired");
			assertThat(this.github.tokenRequests()).isEmpty();
		}

		@Test
		void callbackWhenFlowStartedForGithubArrivesAtAuth0ThenProviderMismatch(Browser browser) {
			URI atAuth0 = URI.create(
					approvedCallback(browser, "github").toString().replace("/callback/github?", "/callback/auth0?"));

			assertCallbackFailed(browser.visit(atAuth0), "provider_mismatch");
		}

		@Test
		void callbackWhenFlowNamesAProviderNoLongerEnabledThenUnknownProvider(Browser browser) {
			FlowCookieSealer sealer = new FlowCookieSealer(settings.derivedKey("flow"), Clock.systemUTC());
			String gitlab = BridgeTest.URL + "/api/auth/callback/gitlab";
			browser.cookies()
				.put(FLOW_COOKIE, sealer
					.seal(new FlowState("gitlab", "the-state", "the-verifier", null, gitlab, BridgeTest.URL + "/")));

			assertCallbackFailed(browser.visit(URI.create(gitlab + "?code=some-code&state=the-state")),
					"unknown_provider");
		}

		@Test
		void callbackWhenFlowCookieBitFlippedThenStateCookieInvalid(Browser browser) {
			URI callback = approvedCallback(browser, "github");
			String[] jwe = browser.cookies().get(FLOW_COOKIE).split("\\.");
			jwe[3] = flip(jwe[3]);
			browser.cookies().put(FLOW_COOKIE, String.join(".", jwe));

			assertCallbackFailed(browser.visit(callback), "state_cookie_invalid");
			assertThat(this.github.tokenRequests()).isEmpty();
		}

		@Test
		void callbackWhenFlowCookieSealedUnderAnotherSecretThenStateCookieInvalid(Browser browser) {
			browser.cookies().put(FLOW_COOKIE, sealedGithubFlow(new byte[32], Clock.systemUTC()));

			assertCallbackFailed(browser.visit(githubCallback()), "state_cookie_invalid");
			assertThat(this.github.tokenRequests()).isEmpty();
		}

		@Test
		void callbackWhenFlowCookieIsASessionTokenThenStateCookieInvalid(Browser browser) {
			browser.cookies().put(FLOW_COOKIE, TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT));

			assertCallbackFailed(browser.visit(githubCallback()), "state_cookie_invalid");
		}

		@Test
		void callbackWhenUserDeniesAtProviderThenAccessDenied(Browser browser) {
			Page toGithub = browser.startSignIn("github", "/");

			assertFailed(browser.visit(GithubStandIn.deniedRedirect(toGithub.location())), "AccessDenied",
					"access_denied");
			assertThat(this.github.tokenRequests()).isEmpty();
		}

		/**
		 * Where GitHub sends the browser back once the user approved: the callback, not
		 * yet visited.
		 */
		private static URI approvedCallback(Browser browser, String provider) {
			return browser.visit(browser.startSignIn(provider, "/").location()).location();
		}

		private static URI githubCallback() {
			return URI
				.create(BridgeTest.URL + "/api/auth/callback/github?code=" + Account.OCTOCAT.code + "&state=the-state");
		}

		private static String sealedGithubFlow(byte[] key, Clock clock) {
			FlowCookieSealer sealer = new FlowCookieSealer(key, clock);
			return sealer.seal(new FlowState("github", "the-state", "the-verifier", null,
					BridgeTest.URL + "/api/auth/callback/github", BridgeTest.URL + "/"));
		}

	}

	/**
	 * callbackUrls off the allowed origins (RFC 6749 §10.15): signing out lands on
	 * AUTH_URL's home instead.
	 */
	@Nested
	class OpenRedirects {

		@ParameterizedTest(name = "{0}")
		@MethodSource
		void signoutWhenCallbackUrlOffSiteThenHome(String callbackUrl) {
			CsrfPair csrf = csrfPair();

			Answer answer = post("/api/auth/signout", csrf.cookie(), "csrfToken=" + csrf.token() + "&callbackUrl="
					+ URLEncoder.encode(callbackUrl, StandardCharsets.UTF_8));

			assertThat(answer.status()).isEqualTo(302);
			assertThat(answer.first("location")).isEqualTo(BridgeTest.URL + "/");
			assertNoSession(answer);
		}

		static Stream<String> signoutWhenCallbackUrlOffSiteThenHome() {
			return Stream.of("https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
					"/\t/evil.example", "http://app.example.test@evil.example/",
					"http://evil.example#@app.example.test", "http://app.example.test.evil.example/",
					"http:evil.example", "javascript:alert(document.cookie)",
					"data:text/html,<script>alert(1)</script>", "http://spa.example.test:5174/");
		}

	}

	/**
	 * Bodies that are not the form or flat JSON object the actions read: a 4xx saying
	 * why.
	 */
	@Nested
	class Bodies {

		@ParameterizedTest(name = "{0}")
		@MethodSource
		void postWhenBodyMalformedThenClientErrorWithReason(String name, String path, String contentType, String body,
				int status) {
			CsrfPair csrf = csrfPair();
			List<String> headers = contentType == null ? List.of("Cookie: " + csrf.cookie())
					: List.of("Cookie: " + csrf.cookie(), "Content-Type: " + contentType);

			Answer answer = RawHttp.send(port, "POST", path, headers, body.replace("TOKEN", csrf.token()));

			assertThat(answer.status()).isEqualTo(status);
			assertClientErrorWithReason(answer);
		}

		static Stream<Arguments> postWhenBodyMalformedThenClientErrorWithReason() {
			String form = "application/x-www-form-urlencoded";
			String json = "application/json";
			String signin = "/api/auth/signin/github";
			return Stream.of(arguments("JSON array", signin, json, "[\"csrfToken\",\"TOKEN\"]", 400),
					arguments("JSON cut short", signin, json, "{\"csrfToken\":\"TOKEN", 400),
					arguments("JSON string", signin, json, "\"TOKEN\"", 400),
					arguments("JSON nested 100,000 deep", signin, json, "[".repeat(100_000), 400),
					arguments("JSON not UTF-8", signin, json, "{\"csrfToken\":\"\u00ff\u00fe\"}", 400),
					arguments("form with a broken % escape", signin, form, "csrfToken=TOKEN&callbackUrl=%zz", 400),
					arguments("form in an unknown charset", signin, form + "; charset=klingon", "csrfToken=TOKEN", 400),
					arguments("Content-Type that does not parse", signin, ";;; =", "csrfToken=TOKEN", 400),
					arguments("Content-Type text/plain", signin, "text/plain", "csrfToken=TOKEN", 415),
					arguments("multipart form", signin, "multipart/form-data; boundary=x",
							"--x\r\nContent-Disposition: form-data; name=\"csrfToken\"\r\n\r\nTOKEN\r\n--x--\r\n", 415),
					arguments("form over 64 KB", signin, form, "csrfToken=TOKEN&pad=" + "f".repeat(70_000), 413),
					arguments("sign-out form with a broken % escape", "/api/auth/signout", form, "csrfToken=%", 400),
					arguments("callback form_post with a broken % escape", "/api/auth/callback/github", form,
							"code=%G0&state=x", 400));
		}

		@Test
		void postWhenJsonValuesAreNotStringsThenCsrfMissing() {
			CsrfPair csrf = csrfPair();

			Answer answer = RawHttp.send(port, "POST", "/api/auth/signin/github",
					List.of("Cookie: " + csrf.cookie(), "Content-Type: application/json"),
					"{\"csrfToken\":{\"$ne\":null},\"callbackUrl\":[\"/\"]}");

			assertThat(answer.status()).isEqualTo(302);
			assertThat(answer.first("location")).isEqualTo(SIGNIN_CSRF);
		}

	}

	/** Actions and methods the API does not have: a 400 that says so. */
	@Nested
	class Actions {

		@ParameterizedTest(name = "{0} {1}")
		@MethodSource
		void requestWhenNoSuchActionOrMethodThenBadRequestWithReason(String method, String target) {
			Answer answer = RawHttp.send(port, method, target, List.of(), null);

			assertThat(answer.status()).isEqualTo(400);
			assertClientErrorWithReason(answer);
		}

		static Stream<Arguments> requestWhenNoSuchActionOrMethodThenBadRequestWithReason() {
			return Stream.of(arguments("GET", "/api/auth/nope"), arguments("GET", "/api/auth/signin/github"),
					arguments("GET", "/api/auth/callback"), arguments("DELETE", "/api/auth/session"),
					arguments("PUT", "/api/auth/csrf"), arguments("PATCH", "/api/auth/signout"),
					arguments("TRACE", "/api/auth/session"), arguments("BREW", "/api/auth/session"),
					arguments("GET", "/api/auth/../../etc/passwd"), arguments("GET", "/api/auth/callback/%2e%2e"),
					arguments("GET", "/api/auth/callback/git%00hub?code=a&state=b"),
					arguments("GET", "/api/auth/callback/github%2Fauth0?code=a&state=b"));
		}

		/**
		 * A target that is no URI at all never reaches the application: Spring's adapter
		 * refuses it with an empty 400 before any filter runs, the one client error
		 * without a reason in its body.
		 */
		@Test
		void requestWhenTargetIsNoUriThenBadRequestFromTheHttpLayer() {
			Answer answer = RawHttp.get(port, "/api/auth/signin?callbackUrl=%zz");

			assertThat(answer.status()).isEqualTo(400);
			assertNoSession(answer);
		}

		@Test
		void errorPageWhenCodeAndReasonCarryMarkupThenDefaultPageWithoutIt() {
			Answer answer = RawHttp.get(port,
					"/api/auth/error?error=%3Cscript%3Ealert(1)%3C/script%3E&reason=%3Cimg%20src=x%20onerror=alert(1)%3E");

			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).contains("Unable to sign in").doesNotContain("<script").doesNotContain("<img");
		}

	}

	/**
	 * The pair {@code GET /api/auth/csrf} hands a new browser: its cookie
	 * ({@code name=value}) and token.
	 */
	private CsrfPair csrfPair() {
		Answer answer = RawHttp.get(this.port, "/api/auth/csrf");
		String cookie = answer.first("set-cookie");
		return CsrfPair.of(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')));
	}

	private Answer post(String path, String cookie, String form) {
		List<String> headers = cookie == null ? List.of("Content-Type: application/x-www-form-urlencoded")
				: List.of("Cookie: " + cookie, "Content-Type: application/x-www-form-urlencoded");
		return RawHttp.send(this.port, "POST", path, headers, form);
	}

	/**
	 * @param cookie the {@code Cookie} header value ({@code authbridge.csrf-token=…}), or
	 * {@code null}
	 * @param token the posted {@code csrfToken}, or {@code null}
	 */
	record CsrfPair(String cookie, String token) {

		static CsrfPair of(String cookieValue) {
			return new CsrfPair("authbridge.csrf-token=" + cookieValue,
					cookieValue.substring(0, cookieValue.indexOf('|')));
		}

	}

	/** What a forged form sends, made from this browser's pair and another browser's. */
	interface CsrfForgery {

		CsrfPair apply(CsrfPair mine, CsrfPair theirs);

	}

	private static void assertSignedOut(Answer answer) {
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("{}");
		assertNoSession(answer);
	}

	private static void assertClientErrorWithReason(Answer answer) {
		assertThat(answer.status()).isBetween(400, 499);
		Map<?, ?> error = JSON.readValue(answer.body(), Map.class);
		assertThat(error.get("error")).isIn("BadRequest", "UnknownAction", "NotFound");
		assertThat((String) error.get("message")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
		assertNoSession(answer);
	}

	/** No {@code Set-Cookie} gives the session cookie a value (clearing it is fine). */
	private static void assertNoSession(Answer answer) {
		assertThat(answer.header("set-cookie"))
			.noneMatch(cookie -> cookie.matches("(__Secure-)?" + SESSION_COOKIE + "=[^;].*"));
	}

	private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
		Map<String, Object> changed = new LinkedHashMap<>(claims);
		if (value == null) {
			changed.remove(name);
		}
		else {
			changed.put(name, value);
		}
		return changed;
	}

	/**
	 * A compact JWS signed by hand with the service's session key, for algorithms nimbus
	 * refuses with a short key.
	 */
	private static String hmac(String alg, Object payload) throws Exception {
		return hmacWith(BridgeSettings.derivedKey(BridgeTest.SECRET, SessionTokens.KEY_PURPOSE), alg, payload);
	}

	private static String hmacWith(byte[] key, String alg, Object payload) throws Exception {
		String json = payload instanceof Map<?, ?> map ? JSONObjectUtils.toJSONString(castMap(map)) : (String) payload;
		String signingInput = encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + encode(json);
		Mac mac = Mac.getInstance("HmacSHA" + alg.substring(2));
		mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
		return signingInput + "."
				+ Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
	}

	private static String rs256(Map<String, Object> claims) throws Exception {
		JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload(claims));
		jws.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
		return jws.serialize();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

	private static String encode(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String decode(String base64url) {
		return new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
	}

	/** {@code base64url} with one bit of its first byte flipped. */
	private static String flip(String base64url) {
		byte[] bytes = Base64.getUrlDecoder().decode(base64url);
		bytes[0] ^= 1;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
