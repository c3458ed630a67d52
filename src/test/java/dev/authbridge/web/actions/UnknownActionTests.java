package dev.authbridge.web.actions;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

@BridgeTest
class UnknownActionTests {

	@Autowired
	WebTestClient client;

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "GET, /api/auth/nope", "GET, /api/auth/", "GET, /api/auth/signin/github/extra",
			"DELETE, /api/auth/session", "PUT, /api/auth/csrf", "POST, /api/auth/providers",
			"GET, /api/auth/signin/github" })
	void actionWhenUnknownOrWrongMethodThenBadRequestWithReason(HttpMethod method, String path) {
		this.client.method(method)
			.uri(path)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("UnknownAction")
			.jsonPath("$.message")
			.isEqualTo("This action with HTTP " + method.name() + " is not supported.");
	}

	@Test
	void logWhenClientReportsThenAcknowledged() {
		this.client.post()
			.uri("/api/auth/_log")
			.body(BodyInserters.fromFormData("level", "error").with("message", "boom"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void rootWhenNotDevelopmentRunThenNoDemoPage() {
		this.client.get().uri("/").exchange().expectStatus().isNotFound();
	}

	@Test
	void pathOutsideApiThenNotFoundAsJson() {
		this.client.get()
			.uri("/nothing-here")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("NotFound");
	}

}
