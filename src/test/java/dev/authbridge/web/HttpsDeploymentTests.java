package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * On an https AUTH_URL every cookie is Secure and prefixed, {@code __Host-} for CSRF and
 * {@code __Secure-} for the session and the sign-in flow, whether set, rolled or cleared.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "AUTH_SECRET=" + BridgeTest.SECRET, "AUTH_URL=https://auth.example.test", "AUTH_GITHUB_ID=id",
				"AUTH_GITHUB_SECRET=secret" })
@AutoConfigureWebTestClient
class HttpsDeploymentTests {

	static final String CSRF = "__Host-authbridge.csrf-token";

	@Autowired
	WebTestClient client;

	@Test
	void csrfWhenHttpsThenHostPrefixedSecureCookie() {
		this.client.get()
			.uri("/api/auth/csrf")
			.exchange()
			.expectCookie()
			.secure("__Host-authbridge.csrf-token", true)
			.expectCookie()
			.httpOnly("__Host-authbridge.csrf-token", true)
			.expectCookie()
			.path("__Host-authbridge.csrf-token", "/");
	}

	@Test
	void sessionWhenHttpsThenSecurePrefixedCookieIsReadAndRolled() {
		String token = TestSessions.issuedAt(Instant.now().minus(Duration.ofHours(25)), TestSessions.OCTOCAT);
		this.client.get()
			.uri("/api/auth/session")
			.cookie("__Secure-authbridge.session-token", token)
			.exchange()
			.expectCookie()
			.secure("__Secure-authbridge.session-token", true)
			.expectBody()
			.jsonPath("$.user.id")
			.isEqualTo("github|583231");
	}

	@Test
	void sessionWhenHttpsThenUnprefixedCookieIgnored() {
		this.client.get()
			.uri("/api/auth/session")
			.cookie("authbridge.session-token", TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT))
			.exchange()
			.expectBody()
			.json("{}");
	}

	@Test
	void signinWhenHttpsThenFlowCookieSecurePrefixed() {
		String csrf = csrfCookie();
		this.client.post()
			.uri("/api/auth/signin/github")
			.cookie(CSRF, csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)))
			.exchange()
			.expectStatus()
			.isFound()
			.expectCookie()
			.secure("__Secure-authbridge.oauth", true)
			.expectCookie()
			.httpOnly("__Secure-authbridge.oauth", true);
	}

	@Test
	void signoutWhenHttpsThenPrefixedSessionCookieCleared() {
		String csrf = csrfCookie();
		this.client.post()
			.uri("/api/auth/signout")
			.cookie(CSRF, csrf)
			.cookie("__Secure-authbridge.session-token", TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT))
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)))
			.exchange()
			.expectStatus()
			.isFound()
			.expectCookie()
			.maxAge("__Secure-authbridge.session-token", Duration.ZERO)
			.expectCookie()
			.secure("__Secure-authbridge.session-token", true);
	}

	@Test
	void signoutWhenHttpsThenRedirectsStayOnAuthUrlWhateverTheHost() {
		this.client.post()
			.uri("/api/auth/signout")
			.header(HttpHeaders.HOST, "evil.example")
			.header("X-Forwarded-Host", "evil.example")
			.exchange()
			.expectHeader()
			.value(HttpHeaders.LOCATION,
					location -> assertThat(location).startsWith("https://auth.example.test/api/auth/signout"));
	}

	private String csrfCookie() {
		return this.client.get()
			.uri("/api/auth/csrf")
			.exchange()
			.returnResult(String.class)
			.getResponseCookies()
			.getFirst(CSRF)
			.getValue();
	}

}
