package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import dev.authbridge.config.BridgeSettings;
import dev.authbridge.session.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

@BridgeTest
class SessionActionTests {

	private static final String COOKIE = "authbridge.session-token";

	@Autowired
	WebTestClient client;

	@Test
	void sessionWhenSignedInThenUserExpiryAndHasuraAccessToken() throws Exception {
		Instant issued = Instant.now().minus(Duration.ofHours(1));
		String token = TestSessions.issuedAt(issued, TestSessions.OCTOCAT);

		EntityExchangeResult<Map> result = this.client.get()
			.uri("/api/auth/session")
			.cookie(COOKIE, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache, no-store")
			.expectHeader()
			.valueEquals(HttpHeaders.PRAGMA, "no-cache")
			.expectHeader()
			.valueEquals(HttpHeaders.EXPIRES, "0")
			.expectBody(Map.class)
			.returnResult();

		assertThat(result.getResponseHeaders().get(HttpHeaders.SET_COOKIE)).as("a fresh session is not re-issued")
			.isNull();
		Map<String, Object> body = result.getResponseBody();
		Map<String, Object> user = new java.util.HashMap<>(Map.of("id", "github|583231", "name", "The Octocat", "email",
				"octocat@github.test", "image", "https://avatars.github.test/u/583231"));
		user.put("emailVerified", null);
		assertThat(body.get("user")).isEqualTo(user);
		assertThat((String) body.get("expires")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
		assertThat(Instant.parse((String) body.get("expires")))
			.isEqualTo(issued.plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

		SignedJWT accessToken = SignedJWT.parse((String) body.get("accessToken"));
		assertThat(accessToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(accessToken.verify(new MACVerifier(BridgeTest.SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
		var claims = accessToken.getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo("github|583231");
		assertThat(claims.getJSONObjectClaim("https://hasura.io/jwt/claims"))
			.containsEntry("x-hasura-user-id", "github|583231")
			.containsEntry("x-hasura-default-role", "user")
			.containsEntry("x-hasura-allowed-roles", List.of("user", "editor"));
		Instant now = Instant.now();
		assertThat(claims.getIssueTime().toInstant()).isBefore(now.minusSeconds(3));
		assertThat(claims.getExpirationTime().toInstant()).isBetween(now.plus(Duration.ofMinutes(14)),
				now.plus(Duration.ofMinutes(16)));
		assertThat(Instant.parse((String) body.get("accessTokenExpires")))
			.isEqualTo(claims.getExpirationTime().toInstant());
	}

	@Test
	void sessionWhenPolledAgainThenTheSameAccessTokenIsHandedOutNotSignedAgain() throws InterruptedException {
		String token = TestSessions.issuedAt(Instant.now().minus(Duration.ofHours(1)), TestSessions.OCTOCAT);

		Object first = TestSessions.session(this.client, token).get("accessToken");
		// a token signed a second later differs (its iat and exp): the same one was kept
		Thread.sleep(1100);
		Object second = TestSessions.session(this.client, token).get("accessToken");
		String other = TestSessions.issuedAt(Instant.now().minus(Duration.ofHours(2)), TestSessions.OCTOCAT);
		Object otherSession = TestSessions.session(this.client, other).get("accessToken");

		assertThat(first).isNotNull().isEqualTo(second);
		assertThat(otherSession).as("another cookie, another token").isNotNull().isNotEqualTo(first);
	}

	@Test
	void sessionWhenAddressProvedThenEmailVerifiedIsoTimeElseNull() {
		String proved = TestSessions.issuedAt(Instant.now(), TestSessions.VERIFIED);
		String provider = TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);

		String provedBody = this.client.get()
			.uri("/api/auth/session")
			.cookie(COOKIE, proved)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String providerBody = this.client.get()
			.uri("/api/auth/session")
			.cookie(COOKIE, provider)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(provedBody).startsWith("{\"user\":{\"id\":\"credentials|7\",\"name\":\"Ada\",\"email\":"
				+ "\"ada@example.com\",\"image\":null,\"emailVerified\":\"2026-12-01T10:15:30.000Z\"},\"expires\":");
		assertThat(providerBody)
			.contains("\"image\":\"https://avatars.github.test/u/583231\",\"emailVerified\":null},");
	}

	@Test
	void sessionWhenNoCookieThenEmptyObjectAndNoStore() {
		this.client.get()
			.uri("/api/auth/session")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache, no-store")
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody()
			.json("{}", org.springframework.test.json.JsonCompareMode.STRICT);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidCookies")
	void sessionWhenCookieInvalidThenSignedOutAndCookieCleared(String name, String value) {
		EntityExchangeResult<byte[]> result = this.client.get()
			.uri("/api/auth/session")
			.cookie(COOKIE, value)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache, no-store")
			.expectBody()
			.json("{}", org.springframework.test.json.JsonCompareMode.STRICT)
			.returnResult();
		ResponseCookie cleared = sessionCookie(result);
		assertThat(cleared.getValue()).isEmpty();
		assertThat(cleared.getMaxAge()).isZero();
	}

	static Stream<Arguments> invalidCookies() {
		String valid = TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);
		String[] parts = valid.split("\\.");
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		String forgedPayload = b64
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("github|583231", "github|1")
				.getBytes(StandardCharsets.UTF_8));
		String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
		return Stream.of(
				Arguments.of("expired",
						TestSessions.issuedAt(Instant.now().minus(Duration.ofDays(31)), TestSessions.OCTOCAT)),
				Arguments.of("tampered payload", parts[0] + "." + forgedPayload + "." + parts[2]),
				Arguments.of("alg none", none),
				Arguments.of("other key",
						TestSessions.signedWith("another-secret-0123456789abcdef0123456789", TestSessions.OCTOCAT)),
				Arguments.of("truncated", valid.substring(0, valid.length() - 10)),
				Arguments.of("signature removed", parts[0] + "." + parts[1] + "."),
				Arguments.of("garbage", "not-a-jwt"), Arguments.of("dots only", ".."),
				Arguments.of("oversized", "a".repeat(6000)),
				Arguments.of("percent-encoded junk", "%7B%22alg%22%3A%22none%22%7D"));
	}

	@Test
	void sessionWhenOlderThanUpdateAgeThenRolledWithNewExpiry() throws Exception {
		Instant issued = Instant.now().minus(Duration.ofHours(25));
		EntityExchangeResult<Map> result = this.client.get()
			.uri("/api/auth/session")
			.cookie(COOKIE, TestSessions.issuedAt(issued, TestSessions.OCTOCAT))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult();

		ResponseCookie rolled = sessionCookie(result);
		assertThat(rolled.isHttpOnly()).isTrue();
		assertThat(rolled.getSameSite()).isEqualTo("Lax");
		assertThat(rolled.getPath()).isEqualTo("/");
		assertThat(rolled.getMaxAge()).isEqualTo(Duration.ofDays(30));
		SignedJWT renewed = SignedJWT.parse(rolled.getValue());
		assertThat(renewed
			.verify(new MACVerifier(BridgeSettings.derivedKey(BridgeTest.SECRET, SessionTokens.KEY_PURPOSE)))).isTrue();
		assertThat(renewed.verify(new MACVerifier(BridgeTest.SECRET.getBytes(StandardCharsets.UTF_8))))
			.as("not a token Hasura accepts: its default key is AUTH_SECRET")
			.isFalse();
		assertThat(renewed.getJWTClaimsSet().getClaims()).doesNotContainKey("https://hasura.io/jwt/claims");
		Instant newExpiry = renewed.getJWTClaimsSet().getExpirationTime().toInstant();
		assertThat(newExpiry).isAfter(Instant.now().plus(Duration.ofDays(29)));
		assertThat(Instant.parse((String) result.getResponseBody().get("expires"))).isEqualTo(newExpiry);

		this.client.get()
			.uri("/api/auth/session")
			.cookie(COOKIE, rolled.getValue())
			.exchange()
			.expectBody()
			.jsonPath("$.user.id")
			.isEqualTo("github|583231");
	}

	@Test
	void sessionWhenDuplicateCookiesThenFirstDecides() {
		String valid = TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);
		this.client.get()
			.uri("/api/auth/session")
			.header(HttpHeaders.COOKIE, COOKIE + "=" + valid + "; " + COOKIE + "=garbage")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user.id")
			.isEqualTo("github|583231");
	}

	@Test
	void sessionWhenPostedThenBadRequest() {
		this.client.post().uri("/api/auth/session").exchange().expectStatus().isBadRequest();
	}

	static ResponseCookie sessionCookie(EntityExchangeResult<?> result) {
		List<String> setCookies = result.getResponseHeaders().get(HttpHeaders.SET_COOKIE);
		assertThat(setCookies).as("Set-Cookie").isNotNull().hasSize(1);
		return SetCookies.parse(setCookies.get(0));
	}

}
