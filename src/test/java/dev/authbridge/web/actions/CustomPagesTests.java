package dev.authbridge.web.actions;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The operator's own pages (NextAuth's {@code pages} option) over real HTTP: the bridge's page routes and every
 * redirect that would land on one of them go to the operator's page instead, with the same query.
 */
@BridgeTest
@TestPropertySource(properties = { "AUTH_PAGES_SIGNIN=/login", "AUTH_PAGES_SIGNOUT=" + BridgeTest.SPA + "/bye",
		"AUTH_PAGES_ERROR=/oops?from=auth" })
class CustomPagesTests {

	static final String SIGNIN = BridgeTest.URL + "/login";

	static final String ERROR = BridgeTest.URL + "/oops?from=auth";

	@Autowired
	WebTestClient client;

	@Test
	void signinPageWhenCustomThenRedirectKeepingCallbackUrlAndError() {
		this.client.get()
			.uri("/api/auth/signin?callbackUrl=/dashboard&error=OAuthCallback")
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION,
					SIGNIN + "?callbackUrl=http%3A%2F%2Fapp.example.test%2Fdashboard&error=OAuthCallback")
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody().isEmpty();
	}

	@Test
	void signinPageWhenCustomAndCallbackUrlOffSiteThenHomeInstead() {
		this.client.get()
			.uri("/api/auth/signin?callbackUrl=https://evil.example/steal")
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, SIGNIN + "?callbackUrl=http%3A%2F%2Fapp.example.test%2F");
	}

	@Test
	void signinWhenCsrfTokenMissingThenCustomSigninPageWithCsrfFlag() {
		this.client.post()
			.uri("/api/auth/signin/github")
			.body(BodyInserters.fromFormData("callbackUrl", "/"))
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, SIGNIN + "?csrf=true");
	}

	@Test
	void signinWhenJsonAndUnknownProviderThenUrlOfCustomSigninPageWithError() {
		String csrf = CsrfActionTests.newCookie(this.client);
		this.client.post()
			.uri("/api/auth/signin/nosuch")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)).with("json", "true"))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.url").isEqualTo(SIGNIN + "?error=OAuthSignin");
	}

	@Test
	void signoutPageWhenCustomThenRedirectToItOnTheAllowedOrigin() {
		this.client.get()
			.uri("/api/auth/signout")
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, BridgeTest.SPA + "/bye");
	}

	@Test
	void signoutWhenCsrfTokenWrongThenCustomSignoutPageWithCsrfFlag() {
		this.client.post()
			.uri("/api/auth/signout")
			.body(BodyInserters.fromFormData("csrfToken", "0".repeat(64)))
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, BridgeTest.SPA + "/bye?csrf=true");
	}

	@Test
	void errorPageWhenCustomThenRedirectWithCodeAndReason() {
		this.client.get()
			.uri("/api/auth/error?error=AccessDenied&reason=access_denied")
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, ERROR + "&error=AccessDenied&reason=access_denied");
	}

	@Test
	void errorPageWhenCodeUnknownAndReasonNotAMachineWordThenDefaultAndNoReason() {
		this.client.get()
			.uri("/api/auth/error?error=<b>&reason=<script>")
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, ERROR + "&error=Default");
	}

	@Test
	void callbackWhenSignInFailsThenCustomErrorPageDirectly() {
		this.client.get()
			.uri("/api/auth/callback/github?code=abc&state=xyz")
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION,
					ERROR + "&error=OAuthCallback&reason=state_cookie_missing");
	}

}
