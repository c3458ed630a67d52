package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@BridgeTest
class ErrorPageActionTests {

	@Autowired
	WebTestClient client;

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "AccessDenied, 403, You do not have permission to sign in.",
			"Configuration, 500, The sign-in service is not configured correctly.",
			"Verification, 403, The sign-in link is no longer valid.",
			"OAuthCallback, 200, The provider&#39;s answer could not be accepted.",
			"Callback, 200, Signing you in could not be completed.",
			"CredentialsSignin, 200, Check that the e-mail address and password are correct.",
			"NoSuchCode, 200, Something went wrong while signing you in." })
	void errorPageWhenCodeThenStatusAndExplanation(String code, int status, String text) {
		this.client.get()
			.uri("/api/auth/error?error=" + code)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value(html -> assertThat(html).contains(text).contains("href=\"" + BridgeTest.URL + "/api/auth/signin\""));
	}

	@Test
	void errorPageWhenReasonIsMachineWordThenShown() {
		this.client.get()
			.uri("/api/auth/error?error=Callback&reason=hasura_unavailable")
			.exchange()
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("Error Callback: hasura_unavailable"));
	}

	@Test
	void errorPageWhenReasonCarriesMarkupThenNotRendered() {
		this.client.get()
			.uri(builder -> builder.path("/api/auth/error")
				.queryParam("error", "Callback")
				.queryParam("reason", "<script>alert(1)</script>")
				.build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(html -> assertThat(html).doesNotContain("<script").doesNotContain("alert(1)"));
	}

}
