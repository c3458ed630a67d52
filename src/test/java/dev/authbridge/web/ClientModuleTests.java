package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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
		assumeTrue(nodeAvailable(), "node is not installed");
		ProcessBuilder node = new ProcessBuilder("node", "--test", "src/test/js/client.test.mjs")
			.redirectErrorStream(true);
		node.environment().put("AUTHBRIDGE_BASE", "http://localhost:" + this.port + "/api/auth");
		node.environment().put("AUTHBRIDGE_SESSION", TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT));
		Process process = node.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	private static boolean nodeAvailable() {
		try {
			return new ProcessBuilder("node", "--version").start().waitFor() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

}
