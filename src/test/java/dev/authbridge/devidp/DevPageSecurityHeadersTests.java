package dev.authbridge.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The pages and documents of a development run (the demo page, the development provider's
 * sign-in page, its error page and its JSON) carry the same security headers as the
 * bridge's own pages: no framing, no inline script, no sniffing, no referrer.
 */
@DevIdpTest
class DevPageSecurityHeadersTests {

	@Autowired
	WebTestClient client;

	static Stream<String> answers() {
		String authorize = UriComponentsBuilder.fromPath("/dev-idp/authorize")
			.queryParams(DevIdpRequests.authorization())
			.encode()
			.build()
			.toUriString();
		return Stream.of("/", authorize, "/dev-idp/authorize?client_id=nobody",
				"/dev-idp/.well-known/openid-configuration", "/dev-idp/jwks", "/dev-idp/userinfo");
	}

	@ParameterizedTest
	@MethodSource("answers")
	void answerWhenDevelopmentRunThenSecurityHeaders(String path) {
		this.client.get()
			.uri(URI.create(DevIdpTest.FreePort.URL + path))
			.exchange()
			.expectHeader()
			.value("Content-Security-Policy",
					csp -> assertThat(csp).contains("script-src 'self'")
						.contains("style-src 'self'")
						.contains("frame-ancestors 'none'"))
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer");
	}

}
