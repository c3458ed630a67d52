package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/**
 * What {@code application.yaml} gives when no {@code AUTH_*} variable is set, bound as at
 * startup.
 */
class AuthPropertiesTests {

	@Test
	void connectionsWhenNotSetThenStalledConnectionsCloseWithinTwoMinutes() throws IOException {
		MockEnvironment environment = new MockEnvironment();
		new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
			.forEach(environment.getPropertySources()::addLast);

		AuthProperties.Connections connections = Binder.get(environment)
			.bind("auth.connections", AuthProperties.Connections.class)
			.get();

		assertThat(connections.idleTimeout()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));
		assertThat(connections.requestReadTimeout()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));
	}

}
