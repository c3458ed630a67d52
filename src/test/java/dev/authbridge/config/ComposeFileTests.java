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

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> services() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
		return (Map<String, Map<String, Object>>) compose.get("services");
	}

}
