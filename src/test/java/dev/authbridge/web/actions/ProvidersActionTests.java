package dev.authbridge.web.actions;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

@BridgeTest
class ProvidersActionTests {

	@Autowired
	WebTestClient client;

	@Test
	void providersWhenClientIdsSetThenEnabledProvidersWithUrlsFromAuthUrl() {
		this.client.get()
			.uri("/api/auth/providers")
			.header("Host", "evil.example")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{
					  "auth0": {"id": "auth0", "name": "Auth0", "type": "oidc",
					            "signinUrl": "http://app.example.test/api/auth/signin/auth0",
					            "callbackUrl": "http://app.example.test/api/auth/callback/auth0"},
					  "github": {"id": "github", "name": "GitHub", "type": "oauth",
					             "signinUrl": "http://app.example.test/api/auth/signin/github",
					             "callbackUrl": "http://app.example.test/api/auth/callback/github"}
					}""", JsonCompareMode.STRICT);
	}

}
