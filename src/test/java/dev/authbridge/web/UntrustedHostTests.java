package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Without AUTH_TRUST_HOST (the default) a request's Host, X-Forwarded-Host and
 * X-Forwarded-Proto change nothing: every absolute URL derives from AUTH_URL, so no one
 * can point links or redirects elsewhere by sending them.
 */
@BridgeTest
class UntrustedHostTests {

	@Autowired
	WebTestClient client;

	@Test
	void providersWhenForwardedHeadersUntrustedThenUrlsOnAuthUrl() {
		this.client.get()
			.uri("/api/auth/providers")
			.headers(UntrustedHostTests::spoofed)
			.exchange()
			.expectBody()
			.jsonPath("$.github.callbackUrl")
			.isEqualTo(BridgeTest.URL + "/api/auth/callback/github");
	}

	@Test
	void signoutWhenForwardedHeadersUntrustedThenRedirectOnAuthUrl() {
		this.client.post()
			.uri("/api/auth/signout")
			.headers(UntrustedHostTests::spoofed)
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, BridgeTest.URL + "/api/auth/signout?csrf=true");
	}

	@Test
	void signinPageWhenForwardedHeadersUntrustedThenLinksOnAuthUrl() {
		this.client.get()
			.uri("/api/auth/signin")
			.headers(UntrustedHostTests::spoofed)
			.exchange()
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("action=\"" + BridgeTest.URL + "/api/auth/signin/github\"")
				.doesNotContain("evil.example"));
	}

	static void spoofed(HttpHeaders headers) {
		headers.set("X-Forwarded-Host", "evil.example");
		headers.set("X-Forwarded-Proto", "https");
		headers.set("X-Forwarded-Port", "443");
		headers.set("Forwarded", "host=evil.example;proto=https");
	}

}
