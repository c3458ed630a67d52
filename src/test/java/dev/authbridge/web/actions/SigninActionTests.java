package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

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
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, BridgeTest.URL + "/api/auth/signin?csrf=true");
	}

	@Test
	void signinWhenCsrfMissingAndJsonThenUrlInBody() {
		this.client.post()
			.uri("/api/auth/signin/github")
			.body(BodyInserters.fromFormData("json", "true"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo(BridgeTest.URL + "/api/auth/signin?csrf=true");
	}

	@Test
	void signinWhenProviderUnknownThenSigninPageWithError() {
		String csrf = CsrfActionTests.newCookie(this.client);
		this.client.post()
			.uri("/api/auth/signin/myspace")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, BridgeTest.URL + "/api/auth/signin?error=OAuthSignin");
	}

	@Test
	void signinWhenCsrfValidThenRedirectToProviderWithStatePkceAndSealedFlowCookie() {
		String csrf = CsrfActionTests.newCookie(this.client);
		var result = this.client.post()
			.uri("/api/auth/signin/github?login=octocat&state=forged")
			.cookie(CsrfActionTests.COOKIE, csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)).with("callbackUrl", "/home"))
			.exchange()
			.expectStatus()
			.isFound()
			.expectCookie()
			.httpOnly("authbridge.oauth", true)
			.expectCookie()
			.maxAge("authbridge.oauth", Duration.ofMinutes(15))
			.expectBody()
			.returnResult();
		var location = UriComponentsBuilder.fromUri(result.getResponseHeaders().getLocation()).build();
		assertThat(location.toUriString()).startsWith("https://github.com/login/oauth/authorize?");
		var query = location.getQueryParams();
		assertThat(query.getFirst("client_id")).isEqualTo("github-client-id");
		assertThat(query.getFirst("response_type")).isEqualTo("code");
		assertThat(query.getFirst("code_challenge_method")).isEqualTo("S256");
		assertThat(query.getFirst("code_challenge")).matches("[A-Za-z0-9_-]{43}");
		assertThat(query.getFirst("state")).matches("[A-Za-z0-9_-]{43}");
		assertThat(query.getFirst("login")).isEqualTo("octocat");
		assertThat(query.get("state")).hasSize(1);
		assertThat(query.getFirst("nonce")).isNull();
	}

}
