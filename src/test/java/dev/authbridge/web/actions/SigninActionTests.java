package dev.authbridge.web.actions;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

@BridgeTest
class SigninActionTests {

	@Autowired
	WebTestClient client;

	@Test
	void signinWhenCsrfMissingThenBackToSigninWithCsrfFlag() {
		this.client.post()
			.uri("/api/auth/signin/github")
			.body(BodyInserters.fromFormData("callbackUrl", "/"))
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, BridgeTest.URL + "/api/auth/signin?csrf=true");
	}

	@Test
	void signinWhenCsrfMissingAndJsonThenUrlInBody() {
		this.client.post()
			.uri("/api/auth/signin/github")
			.body(BodyInserters.fromFormData("json", "true"))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.url").isEqualTo(BridgeTest.URL + "/api/auth/signin?csrf=true");
	}

	@Test
	void signinWhenProviderUnknownThenSigninPageWithError() {
		String csrf = CsrfActionTests.newCookie(this.client);
		this.client.post()
			.uri("/api/auth/signin/myspace")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)))
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, BridgeTest.URL + "/api/auth/signin?error=OAuthSignin");
	}

	@Test
	void signinWhenCsrfValidThenNotImplementedYetWithReason() {
		String csrf = CsrfActionTests.newCookie(this.client);
		this.client.post()
			.uri("/api/auth/signin/github")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)))
			.exchange()
			.expectStatus().isEqualTo(501)
			.expectBody().jsonPath("$.error").isEqualTo("not_implemented");
	}

}
