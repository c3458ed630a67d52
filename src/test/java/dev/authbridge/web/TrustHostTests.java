package dev.authbridge.web;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With AUTH_TRUST_HOST=true behind a proxy, absolute URLs follow the proxy's X-Forwarded-Host and -Proto. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "AUTH_SECRET=" + BridgeTest.SECRET,
		"AUTH_URL=http://internal:3000", "AUTH_TRUST_HOST=true", "AUTH_GITHUB_ID=id", "AUTH_GITHUB_SECRET=secret" })
@AutoConfigureWebTestClient
class TrustHostTests {

	@Autowired
	WebTestClient client;

	@Test
	void providersWhenForwardedHeadersTrustedThenUrlsOnThePublicOrigin() {
		this.client.get()
			.uri("/api/auth/providers")
			.header("X-Forwarded-Host", "auth.example.com")
			.header("X-Forwarded-Proto", "https")
			.exchange()
			.expectBody()
			.jsonPath("$.github.callbackUrl").isEqualTo("https://auth.example.com/api/auth/callback/github");
	}

}
