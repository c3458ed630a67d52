package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.hasura.HasuraStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The startup self-check against the {@link HasuraStandIn}, seen where operators look:
 * the {@code hasura} component of {@code /actuator/health/readiness}.
 */
@ExtendWith(OutputCaptureExtension.class)
class HasuraSelfCheckTests {

	static final String OTHER_KEY = "{\"type\":\"HS256\",\"key\":\"not-the-key-hasura-has-0123456789abcdef\"}";

	@Test
	void readinessWhenHasuraVerifiesWithSameKeyThenHasuraUp() throws InterruptedException {
		try (BridgeInstance bridge = BridgeInstance.start(properties(HasuraStandIn.jwtSecret()))) {
			Map<String, Object> readiness = awaitHasura(bridge.port(), "UP");

			assertThat(readiness).containsEntry("status", "UP");
		}
	}

	@Test
	void readinessWhenHasuraHasAnotherKeyThenHasuraDownWithReasonAndHint() throws InterruptedException {
		try (BridgeInstance bridge = BridgeInstance.start(properties(OTHER_KEY))) {
			Map<String, Object> readiness = awaitHasura(bridge.port(), "DOWN");

			assertThat(readiness).containsEntry("status", "DOWN");
			assertThat(readiness).extracting("components.hasura.details.reason")
				.asString()
				.contains("invalid-jwt", "key, claims namespace or claims format", "hasura-jwt-config");
		}
	}

	/**
	 * Hasura refusing the probe keeps the check scheduled; stopping then must be as quiet
	 * as any other stop.
	 */
	@Test
	void stopWhenSelfCheckStillScheduledThenNoWarningOrStack(CapturedOutput output) throws InterruptedException {
		BridgeInstance bridge = BridgeInstance.start(properties(OTHER_KEY));
		awaitHasura(bridge.port(), "DOWN");
		int before = output.getAll().length();

		bridge.close();

		String stopping = output.getAll().substring(before);
		assertThat(stopping).contains("Graceful shutdown complete")
			.doesNotContain(" WARN ", " ERROR ", "Exception", "\tat ");
	}

	private static List<String> properties(String jwtSecret) {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.addAll(Upstreams.hasuraProperties());
		properties.add("HASURA_GRAPHQL_JWT_SECRET=" + jwtSecret);
		return properties;
	}

	/**
	 * Polls readiness until the {@code hasura} component leaves UNKNOWN, at most 10 s;
	 * the last answer.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> awaitHasura(int port, String expected) throws InterruptedException {
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (true) {
			Map<String, Object> readiness = http.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			Map<String, Object> hasura = (Map<String, Object>) ((Map<String, Object>) readiness.get("components"))
				.get("hasura");
			if (hasura != null && !"UNKNOWN".equals(hasura.get("status")) || Instant.now().isAfter(deadline)) {
				assertThat(hasura).containsEntry("status", expected);
				return readiness;
			}
			Thread.sleep(100);
		}
	}

}
