package dev.authbridge.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.hasura.HasuraStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The startup self-check against the {@link HasuraStandIn}, seen where operators look: the {@code hasura} component of
 * {@code /actuator/health/readiness}.
 */
class HasuraSelfCheckTests {

	@Test
	void readinessWhenHasuraVerifiesWithSameKeyThenHasuraUp() throws InterruptedException {
		try (BridgeInstance bridge = BridgeInstance.start(properties(HasuraStandIn.jwtSecret()))) {
			Map<String, Object> readiness = awaitHasura(bridge.port(), "UP");

			assertThat(readiness).containsEntry("status", "UP");
		}
	}

	@Test
	void readinessWhenHasuraHasAnotherKeyThenHasuraDownWithReasonAndHint() throws InterruptedException {
		String otherKey = "{\"type\":\"HS256\",\"key\":\"not-the-key-hasura-has-0123456789abcdef\"}";
		try (BridgeInstance bridge = BridgeInstance.start(properties(otherKey))) {
			Map<String, Object> readiness = awaitHasura(bridge.port(), "DOWN");

			assertThat(readiness).containsEntry("status", "DOWN");
			assertThat(readiness).extracting("components.hasura.details.reason")
				.asString()
				.contains("invalid-jwt", "key, claims namespace or claims format", "hasura-jwt-config");
		}
	}

	private static List<String> properties(String jwtSecret) {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.addAll(Upstreams.hasuraProperties());
		properties.add("HASURA_GRAPHQL_JWT_SECRET=" + jwtSecret);
		return properties;
	}

	/** Polls readiness until the {@code hasura} component leaves UNKNOWN, at most 10 s; the last answer. */
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
