package dev.authbridge.web;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** CORS for the SPA origin in AUTH_CORS_ORIGINS, and for no other. */
@BridgeTest
class CorsFilterTests {

	static final String OTHER = "https://evil.example";

	@Autowired
	WebTestClient client;

	@Test
	void sessionWhenAllowedOriginThenEchoedWithCredentialsAndVary() {
		this.client.get()
			.uri("/api/auth/session")
			.header(HttpHeaders.ORIGIN, BridgeTest.SPA)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, BridgeTest.SPA)
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
			.expectHeader()
			.valueEquals(HttpHeaders.VARY, HttpHeaders.ORIGIN);
	}

	@Test
	void signinWhenAllowedOriginPostsJsonThenReadableAnswer() {
		this.client.post()
			.uri("/api/auth/signin/github")
			.header(HttpHeaders.ORIGIN, BridgeTest.SPA)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("csrfToken", "bad").with("json", "true"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, BridgeTest.SPA)
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("http://app.example.test/api/auth/signin?csrf=true");
	}

	@Test
	void sessionWhenOtherOriginThenAnsweredWithoutCorsHeaders() {
		this.client.get()
			.uri("/api/auth/session")
			.header(HttpHeaders.ORIGIN, OTHER)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
	}

	@Test
	void sessionWhenNoOriginThenNoCorsHeaders() {
		this.client.get()
			.uri("/api/auth/session")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void preflightWhenAllowedOriginThenNoContentWithMethodsHeadersAndMaxAge() {
		this.client.options()
			.uri("/api/auth/signin/github")
			.header(HttpHeaders.ORIGIN, BridgeTest.SPA)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, authorization")
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, BridgeTest.SPA)
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET,POST")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Authorization")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
			.expectHeader()
			.valueEquals(HttpHeaders.VARY, HttpHeaders.ORIGIN);
	}

	@Test
	void preflightWhenOtherOriginThenForbiddenWithoutCorsHeaders() {
		this.client.options()
			.uri("/api/auth/session")
			.header(HttpHeaders.ORIGIN, OTHER)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void preflightWhenMethodOrHeaderNotUsedByTheApiThenForbidden() {
		this.client.options()
			.uri("/api/auth/session")
			.header(HttpHeaders.ORIGIN, BridgeTest.SPA)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.DELETE.name())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		this.client.options()
			.uri("/api/auth/session")
			.header(HttpHeaders.ORIGIN, BridgeTest.SPA)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "x-custom")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

}
