package dev.authbridge.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.devidp.DevIdpTest.FreePort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The demo page at {@code /} of a zero-config run, where a first sign-in lands. */
@DevIdpTest
class DemoPageTests {

	@Autowired
	WebTestClient client;

	@Test
	void rootWhenDevelopmentRunThenDemoPageLoadingItsModuleUnderCsp() {
		this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.value("Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self'"))
			.expectBody(String.class)
			.value(html -> assertThat(html)
				.contains("<script type=\"module\" src=\"" + FreePort.URL + "/api/auth/assets/demo.js\"></script>")
				.contains("href=\"" + FreePort.URL + "/api/auth/signin?callbackUrl&#x3D;" + FreePort.URL + "/\"")
				.contains("id=\"signed-in\" hidden")
				.doesNotContain("id=\"query-hasura\"")
				.doesNotContainPattern("<script(?![^>]*\\bsrc=)"));
	}

	@Test
	void demoScriptWhenFetchedThenModuleUsingTheClient() {
		this.client.get()
			.uri("/api/auth/assets/demo.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript")
			.expectBody(String.class)
			.value(js -> assertThat(js).contains("from '../client.js'").contains("x-hasura-default-role"));
	}

}
