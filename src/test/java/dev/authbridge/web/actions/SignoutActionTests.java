package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import dev.authbridge.session.Revocation;
import dev.authbridge.session.SessionRevocations;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

@BridgeTest
@TestInstance(Lifecycle.PER_CLASS)
class SignoutActionTests {

	@Autowired
	WebTestClient client;

	@Autowired
	SessionRevocations revocations;

	@Test
	void signoutPageWhenGetThenConfirmationFormWithCsrfToken() {
		String csrf = CsrfActionTests.newCookie(this.client);
		String html = this.client.get()
			.uri("/api/auth/signout")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(html).contains("action=\"" + BridgeTest.URL + "/api/auth/signout\"")
			.contains("name=\"csrfToken\" value=\"" + csrf.substring(0, 64) + "\"");
	}

	@Test
	void signoutWhenCsrfValidThenSessionCookieExpiredAndRedirectToCallbackUrl() {
		String csrf = CsrfActionTests.newCookie(this.client);
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri("/api/auth/signout")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.cookie("authbridge.session-token", TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT))
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)).with("callbackUrl", "/bye"))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, BridgeTest.URL + "/bye")
			.expectBody()
			.returnResult();
		ResponseCookie cleared = SetCookies.parse(result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE));
		assertThat(cleared.getName()).isEqualTo("authbridge.session-token");
		assertThat(cleared.getMaxAge()).isZero();
	}

	@Test
	void signoutWhenSessionValidThenItsEndToldToThisInstanceAtOnce() throws Exception {
		String session = TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);
		List<Revocation> heard = new CopyOnWriteArrayList<>();
		try (AutoCloseable listening = this.revocations.listen(heard::add)) {
			signOut(session).expectStatus().isFound();
			assertThat(heard).containsExactly(new Revocation.SessionEnded(TestSessions.id(session)));
		}
	}

	@ParameterizedTest(name = "{0}")
	@NullSource
	@ValueSource(strings = { "not-a-token", "eyJhbGciOiJIUzI1NiJ9.e30.AAAA" })
	void signoutWhenNoValidSessionThenNothingToldAndSignedOut(String session) throws Exception {
		List<Revocation> heard = new CopyOnWriteArrayList<>();
		try (AutoCloseable listening = this.revocations.listen(heard::add)) {
			signOut(session).expectStatus().isFound();
		}
		assertThat(heard).isEmpty();
	}

	@Test
	void signoutWhenAllWithoutDatabaseThenNoSessionEndTold() throws Exception {
		String csrf = CsrfActionTests.newCookie(this.client);
		List<Revocation> heard = new CopyOnWriteArrayList<>();
		try (AutoCloseable listening = this.revocations.listen(heard::add)) {
			this.client.post()
				.uri("/api/auth/signout")
				.cookie(CsrfActionTests.COOKIE, csrf)
				.cookie("authbridge.session-token", TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT))
				.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)).with("all", "true"))
				.exchange()
				.expectStatus()
				.isFound()
				.expectHeader()
				.value(HttpHeaders.LOCATION, location -> assertThat(location).contains("sign_out_everywhere_off"));
		}
		assertThat(heard).as("the session stays: sign-out everywhere could not be recorded").isEmpty();
	}

	private WebTestClient.ResponseSpec signOut(String session) {
		String csrf = CsrfActionTests.newCookie(this.client);
		var request = this.client.post().uri("/api/auth/signout").cookie(CsrfActionTests.COOKIE, csrf);
		if (session != null) {
			request = request.cookie("authbridge.session-token", session);
		}
		return request.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)).with("callbackUrl", "/bye"))
			.exchange();
	}

	@Test
	void signoutWhenJsonTrueThenUrlInBody() {
		String csrf = CsrfActionTests.newCookie(this.client);
		this.client.post()
			.uri("/api/auth/signout")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64))
				.with("callbackUrl", BridgeTest.SPA + "/home")
				.with("json", "true"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists(HttpHeaders.SET_COOKIE)
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo(BridgeTest.SPA + "/home");
	}

	@Test
	void signoutWhenJsonBodyThenAcceptedLikeForm() {
		String csrf = CsrfActionTests.newCookie(this.client);
		this.client.post()
			.uri("/api/auth/signout")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"csrfToken\":\"" + csrf.substring(0, 64) + "\",\"json\":true}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo(BridgeTest.URL + "/");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badCsrf")
	void signoutWhenCsrfBadThenBackToConfirmationAndSessionKept(String name, String cookie, String submitted) {
		var request = this.client.post().uri("/api/auth/signout");
		if (cookie != null) {
			request = request.cookie(CsrfActionTests.COOKIE, cookie);
		}
		var form = BodyInserters.fromFormData("callbackUrl", "/bye");
		if (submitted != null) {
			form = form.with("csrfToken", submitted);
		}
		request.cookie("authbridge.session-token", TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT))
			.body(form)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, BridgeTest.URL + "/api/auth/signout?csrf=true")
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE);
	}

	Stream<Arguments> badCsrf() {
		String cookie = CsrfActionTests.newCookie(this.client);
		String token = cookie.substring(0, 64);
		String other = CsrfActionTests.newCookie(this.client);
		return Stream.of(Arguments.of("no cookie, no token", null, null),
				Arguments.of("token without cookie", null, token), Arguments.of("cookie without token", cookie, null),
				Arguments.of("wrong token", cookie, "f".repeat(64)),
				Arguments.of("token of another cookie", other, token),
				Arguments.of("cookie with forged MAC", token + "|" + "0".repeat(64), token),
				Arguments.of("token as cookie without MAC", token, token));
	}

	@Test
	void signoutWhenUnsupportedMediaTypeThen415() {
		this.client.post()
			.uri("/api/auth/signout")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("csrfToken=x")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.message")
			.isEqualTo("send application/x-www-form-urlencoded or application/json");
	}

	@Test
	void signoutWhenMalformedJsonThen400() {
		this.client.post()
			.uri("/api/auth/signout")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"csrfToken\":")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void signoutWhenBodyTooLargeThen413() {
		this.client.post()
			.uri("/api/auth/signout")
			.body(BodyInserters.fromFormData("csrfToken", "x".repeat(100_000)))
			.exchange()
			.expectStatus()
			.isEqualTo(413);
	}

}
