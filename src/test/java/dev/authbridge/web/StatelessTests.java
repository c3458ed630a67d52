package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every action answers with security headers and without any server-side session. */
@BridgeTest
class StatelessTests {

	@Autowired
	WebTestClient client;

	@ParameterizedTest
	@ValueSource(strings = { "/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signin",
			"/api/auth/signout", "/api/auth/error?error=AccessDenied", "/api/auth/nope" })
	void actionWhenCalledThenSecurityHeadersAndNoWebSession(String path) {
		this.client.get()
			.uri(path)
			.exchange()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectBody()
			.consumeWith(result -> {
				List<String> cookies = result.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
				assertThat(cookies).noneMatch(cookie -> cookie.startsWith("SESSION="));
			});
	}

}
