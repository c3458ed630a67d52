package dev.authbridge.devidp;

import dev.authbridge.devidp.DevIdpTest.FreePort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The discovery document and JWKS the bridge reads to sign in with {@code dev}, as it
 * reads Auth0's.
 */
@DevIdpTest
class DiscoveryEndpointTests {

	@Autowired
	WebTestClient client;

	@Test
	void discoveryWhenFetchedThenEveryEndpointUnderTheIssuer() {
		this.client.get()
			.uri("/dev-idp/.well-known/openid-configuration")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"issuer":"%1$s/dev-idp",
					"authorization_endpoint":"%1$s/dev-idp/authorize",
					"token_endpoint":"%1$s/dev-idp/token",
					"userinfo_endpoint":"%1$s/dev-idp/userinfo",
					"jwks_uri":"%1$s/dev-idp/jwks",
					"response_types_supported":["code"],
					"subject_types_supported":["public"],
					"id_token_signing_alg_values_supported":["RS256"],
					"scopes_supported":["openid","profile","email"],
					"token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"],
					"code_challenge_methods_supported":["S256"],
					"grant_types_supported":["authorization_code"]}""".formatted(FreePort.URL));
	}

	@Test
	void jwksWhenFetchedThenOnePublicRsaSigningKeyWithKid() {
		this.client.get()
			.uri("/dev-idp/jwks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.keys.length()")
			.isEqualTo(1)
			.jsonPath("$.keys[0].kty")
			.isEqualTo("RSA")
			.jsonPath("$.keys[0].use")
			.isEqualTo("sig")
			.jsonPath("$.keys[0].alg")
			.isEqualTo("RS256")
			.jsonPath("$.keys[0].kid")
			.isNotEmpty()
			.jsonPath("$.keys[0].n")
			.isNotEmpty()
			.jsonPath("$.keys[0].d")
			.doesNotExist()
			.jsonPath("$.keys[0].p")
			.doesNotExist();
	}

}
