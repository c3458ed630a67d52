package dev.authbridge.web;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Without AUTH_CORS_ORIGINS no origin gets CORS. The same properties as
 * {@code HttpsDeploymentTests}, so the two share one context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "AUTH_SECRET=" + BridgeTest.SECRET, "AUTH_URL=https://auth.example.test" })
@AutoConfigureWebTestClient
class CorsDefaultTests {

	@Autowired
	WebTestClient client;

	@Test
	void sessionWhenNoCorsOriginsConfiguredThenNoCorsHeaders() {
		this.client.get()
			.uri("/api/auth/session")
			.header(HttpHeaders.ORIGIN, BridgeTest.SPA)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void preflightWhenNoCorsOriginsConfiguredThenForbidden() {
		this.client.options()
			.uri("/api/auth/session")
			.header(HttpHeaders.ORIGIN, BridgeTest.SPA)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

}
