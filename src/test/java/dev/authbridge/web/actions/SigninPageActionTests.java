package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

@BridgeTest
class SigninPageActionTests {

	@Autowired
	WebTestClient client;

	@Test
	void signinPageWhenGetThenOneFormPerProviderWithCsrfAndCallbackUrl() {
		EntityExchangeResult<String> result = this.client.get()
			.uri("/api/auth/signin?callbackUrl=/dashboard")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.exists(HttpHeaders.SET_COOKIE)
			.expectBody(String.class)
			.returnResult();
		String token = SetCookies.parse(result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE))
			.getValue()
			.substring(0, 64);
		assertThat(result.getResponseBody())
			.contains("<form action=\"http://app.example.test/api/auth/signin/github\" method=\"post\">")
			.contains("<form action=\"http://app.example.test/api/auth/signin/auth0\" method=\"post\">")
			.contains("<button type=\"submit\" class=\"provider-github\">Sign in with GitHub</button>")
			.contains("<button type=\"submit\" class=\"provider-auth0\">Sign in with Auth0</button>")
			.contains("name=\"csrfToken\" value=\"" + token + "\"")
			.contains("name=\"callbackUrl\" value=\"http://app.example.test/dashboard\"")
			.doesNotContain("role=\"alert\"");
	}

	@Test
	void signinPageWhenCallbackUrlOffSiteThenHomeInstead() {
		this.client.get()
			.uri("/api/auth/signin?callbackUrl=https://evil.example/steal")
			.exchange()
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("name=\"callbackUrl\" value=\"http://app.example.test/\"")
				.doesNotContain("evil.example"));
	}

	@Test
	void signinPageWhenErrorThenExplained() {
		this.client.get()
			.uri("/api/auth/signin?error=OAuthCallback")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("role=\"alert\"")
				.contains("The provider&#39;s answer could not be accepted"));
	}

	@Test
	void signinPageWhenCsrfFlagThenAsksToRetry() {
		this.client.get()
			.uri("/api/auth/signin?csrf=true")
			.exchange()
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("The sign-in form had expired"));
	}

}
