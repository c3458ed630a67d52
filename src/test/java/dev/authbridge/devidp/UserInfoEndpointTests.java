package dev.authbridge.devidp;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /dev-idp/userinfo} answers only a valid sealed access token (the success case is
 * in the token tests).
 */
@DevIdpTest
class UserInfoEndpointTests {

	@Autowired
	WebTestClient client;

	@Test
	void userinfoWhenNoTokenThenUnauthorizedWithBearerChallenge() {
		this.client.get()
			.uri("/dev-idp/userinfo")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dev-idp\"");
	}

	@Test
	void userinfoWhenTokenInvalidThenUnauthorizedInvalidToken() {
		this.client.get()
			.uri("/dev-idp/userinfo")
			.headers(headers -> headers.setBearerAuth("not-a-token"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dev-idp\", error=\"invalid_token\"")
			.expectBody()
			.isEmpty();
	}

	@Test
	void userinfoWhenCodePresentedAsAccessTokenThenInvalidToken() {
		this.client.get()
			.uri("/dev-idp/userinfo")
			.headers(headers -> headers.setBearerAuth(DevIdpRequests.code(this.client)))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dev-idp\", error=\"invalid_token\"");
	}

}
