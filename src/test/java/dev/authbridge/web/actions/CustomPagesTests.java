package dev.authbridge.web.actions;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The operator's own pages (NextAuth's {@code pages} option) over real HTTP: the bridge's
 * page routes and every redirect that would land on one of them go to the operator's page
 * instead, with the same query.
 */
@BridgeTest
@TestPropertySource(properties = { "AUTH_PAGES_SIGNIN=/login", "AUTH_PAGES_SIGNOUT=" + BridgeTest.SPA + "/bye",
		"AUTH_PAGES_ERROR=/oops?from=auth" })
class CustomPagesTests {

	static final String SIGNIN = BridgeTest.URL + "/login";

	@Autowired
	WebTestClient client;

	/**
	 * The bridge's page routes, and a callback that fails: each ends on the operator's
	 * page.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					/api/auth/signin?callbackUrl=/dashboard&error=OAuthCallback | /login?callbackUrl=http%3A%2F%2Fapp.example.test%2Fdashboard&error=OAuthCallback
					/api/auth/signin?callbackUrl=https://evil.example/steal     | /login?callbackUrl=http%3A%2F%2Fapp.example.test%2F
					/api/auth/signout                                           | http://spa.example.test:5173/bye
					/api/auth/signout?callbackUrl=/after                        | http://spa.example.test:5173/bye?callbackUrl=http%3A%2F%2Fapp.example.test%2Fafter
					/api/auth/error?error=AccessDenied&reason=access_denied     | /oops?from=auth&error=AccessDenied&reason=access_denied
					/api/auth/error?error=<b>&reason=<script>                   | /oops?from=auth&error=Default
					/api/auth/callback/github?code=abc&state=xyz                | /oops?from=auth&error=OAuthCallback&reason=state_cookie_missing
					""")
	void getWhenCustomPagesThenRedirectToThemWithTheSameQuery(String uri, String location) {
		this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, location.startsWith("/") ? BridgeTest.URL + location : location);
	}

	@Test
	void signinWhenCsrfTokenMissingThenCustomSigninPageWithCsrfFlag() {
		this.client.post()
			.uri("/api/auth/signin/github")
			.body(BodyInserters.fromFormData("callbackUrl", "/"))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, SIGNIN + "?csrf=true");
	}

	@Test
	void signinWhenJsonAndUnknownProviderThenUrlOfCustomSigninPageWithError() {
		String csrf = CsrfActionTests.newCookie(this.client);
		this.client.post()
			.uri("/api/auth/signin/nosuch")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)).with("json", "true"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo(SIGNIN + "?error=OAuthSignin");
	}

	@Test
	void signoutWhenCsrfTokenWrongThenCustomSignoutPageWithCsrfFlag() {
		this.client.post()
			.uri("/api/auth/signout")
			.body(BodyInserters.fromFormData("csrfToken", "0".repeat(64)))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, BridgeTest.SPA + "/bye?csrf=true");
	}

}
