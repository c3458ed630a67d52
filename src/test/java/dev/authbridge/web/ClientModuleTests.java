package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.Node;
import dev.authbridge.TestSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /api/auth/client.js}: an ES module without dependencies that works against the
 * bridge in Node.
 */
@BridgeTest
class ClientModuleTests {

	@Autowired
	WebTestClient client;

	@LocalServerPort
	int port;

	@Test
	void clientWhenRequestedThenAModuleWithoutDependencies() {
		this.client.get()
			.uri("/api/auth/client.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(js -> assertThat(js).contains("export function createAuthClient")
				.contains("export const getAccessToken")
				.doesNotContainPattern(Pattern.compile("^import ", Pattern.MULTILINE)));
	}

	@Test
	void clientWhenLoadedFromAnAllowedOriginThenReadable() {
		this.client.get()
			.uri("/api/auth/client.js")
			.header(HttpHeaders.ORIGIN, BridgeTest.SPA)
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, BridgeTest.SPA);
	}

	/**
	 * {@code src/test/js/client.test.mjs} under {@code node --test}; skipped where Node
	 * is not installed.
	 */
	@Test
	void clientWhenRunInNodeThenItsTestsPass() throws Exception {
		Node.assumeInstalled();
		Node.test(Path.of("src/test/js"), "client.test.mjs",
				Map.of("AUTHBRIDGE_BASE", "http://localhost:" + this.port + "/api/auth", "AUTHBRIDGE_SESSION",
						TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT)),
				Duration.ofSeconds(60));
	}

}
