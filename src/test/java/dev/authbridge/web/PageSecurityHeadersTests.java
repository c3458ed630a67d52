package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every page the bridge renders forbids inline script and style, framing and foreign form
 * targets, and sends no referrer; its style comes from the bridge's own style sheet.
 * Every other answer (JSON, assets, redirects, errors) carries the same headers. The
 * development run's pages: {@code DevPageSecurityHeadersTests}.
 */
@BridgeTest
class PageSecurityHeadersTests {

	static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
			+ "form-action 'self' http://app.example.test https://tenant.auth0.test https://github.com "
			+ BridgeTest.SPA + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

	static final String STYLESHEET = "/api/auth/assets/authbridge.css";

	@Autowired
	WebTestClient client;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/auth/signin", "/api/auth/signout", "/api/auth/error?error=AccessDenied",
			"/api/auth/error?error=Configuration" })
	void pageWhenRenderedThenStrictPolicyNoReferrerAndNoInlineStyleOrScript(String page) {
		this.client.get()
			.uri(page)
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("Content-Security-Policy", POLICY)
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectBody(String.class)
			.value(html -> assertThat(html)
				.contains("<link rel=\"stylesheet\" href=\"" + BridgeTest.URL + STYLESHEET + "\">")
				.doesNotContain("<style")
				.doesNotContain("<script")
				.doesNotContain(" style=")
				.doesNotContainPattern(" on[a-z]+="));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "GET, /api/auth/session", "GET, /api/auth/csrf", "GET, /api/auth/providers",
			"GET, /api/auth/client.js", "GET, " + STYLESHEET, "POST, /api/auth/signout", "POST, /api/auth/_log",
			"GET, /api/auth/nope", "DELETE, /api/auth/session", "GET, /nothing-here", "TRACE, /api/auth/session" })
	void answerWhenNotAPageThenSameHeadersAsPages(HttpMethod method, String path) {
		this.client.method(method)
			.uri(path)
			.exchange()
			.expectHeader()
			.valueEquals("Content-Security-Policy", POLICY)
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-XSS-Protection", "0")
			.expectHeader()
			.doesNotExist("Strict-Transport-Security");
	}

	@Test
	void stylesheetWhenRequestedThenTheRulesThePagesUse() {
		this.client.get()
			.uri(STYLESHEET)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(css -> assertThat(css).contains("body {").contains(".error {"));
	}

	@Test
	void stylesheetWhenProvidersEnabledThenEachButtonInItsProviderFilesColours() {
		this.client.get()
			.uri(STYLESHEET)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(css -> assertThat(css).contains(".provider-github { background: #24292f; color: #fff; }")
				.contains(".provider-auth0 { background: #eb5424; color: #000; }")
				.doesNotContain(".provider-google"));
	}

}
