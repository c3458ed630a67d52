package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The stack {@code docker compose up} starts, as shipped: nothing on the network that a
 * try-out should not show.
 */
class ComposeFileTests {

	@Test
	void portsWhenPublishedThenOnLoopbackOnly() throws IOException {
		Map<String, Map<String, Object>> services = services();
		List<String> ports = services.values()
			.stream()
			.flatMap(service -> ((List<?>) service.getOrDefault("ports", List.of())).stream())
			.map(String::valueOf)
			.toList();
		assertThat(ports).isNotEmpty().allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
	}

	/**
	 * Inside a container no browser connects from loopback: the provider that signs
	 * anyone in stays off.
	 */
	@Test
	void bridgeThenDevelopmentSignInOff() throws IOException {
		Map<?, ?> environment = (Map<?, ?>) services().get("bridge").get("environment");
		assertThat(environment.get("AUTH_DEV_PROVIDER")).isEqualTo("false");
	}

	/**
	 * With {@code compose.jwk-url.yaml} on top, Hasura fetches the keys from the bridge
	 * by its service name, so it starts after the bridge serves them, and the bridge
	 * waits for PostgreSQL alone (its readiness waits for Hasura: no cycle).
	 */
	@Test
	@SuppressWarnings("unchecked")
	void jwkUrlOverlayThenHasuraWaitsForTheBridgeAndTheBridgeForPostgresOnly() throws IOException {
		// SnakeYAML knows no Compose merge tags
		Map<String, Object> overlay = new Yaml()
			.load(Files.readString(Path.of("compose.jwk-url.yaml")).replace(" !override", ""));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) overlay.get("services");
		Map<String, Object> hasuraNeeds = (Map<String, Object>) services.get("hasura").get("depends_on");
		Map<String, Object> bridgeNeeds = (Map<String, Object>) services.get("bridge").get("depends_on");
		assertThat(hasuraNeeds).containsOnlyKeys("bridge");
		assertThat(bridgeNeeds).containsOnlyKeys("postgres");
		assertThat(String.valueOf(services.get("bridge").get("healthcheck"))).contains("GET /api/auth/jwks");
		assertThat(services()).containsKeys("bridge", "hasura", "postgres");
		assertThat(Files.readString(Path.of(".env.example")))
			.contains("HASURA_GRAPHQL_JWT_SECRET='{\"jwk_url\":\"http://bridge:3000/api/auth/jwks\"}'");
		assertThat(((Map<?, ?>) services().get("bridge").get("environment")).get("PORT")).isEqualTo("3000");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> services() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
		return (Map<String, Map<String, Object>>) compose.get("services");
	}

}
