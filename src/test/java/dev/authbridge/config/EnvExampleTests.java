package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.AuthBridgeApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code .env.example} documents every variable the service reads, and its values start
 * the service as they are.
 */
class EnvExampleTests {

	/**
	 * A command-line argument, so it outranks application.yaml's {@code server.port:
	 * ${PORT:3000}}.
	 */
	private static final String RANDOM_PORT = "--server.port=0";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

	@Test
	void envExampleWhenComparedWithWhatTheServiceReadsThenNamesEveryVariable() throws IOException {
		Map<String, String> example = envExample();
		List<String> read = new ArrayList<>();
		List<Path> sources = new ArrayList<>(List.of(Path.of("src/main/resources/application.yaml")));
		try (var providers = Files.list(Path.of("providers"))) {
			providers.filter(file -> file.toString().endsWith(".yaml")).forEach(sources::add);
		}
		for (Path source : sources) {
			Matcher matcher = PLACEHOLDER.matcher(Files.readString(source));
			while (matcher.find()) {
				read.add(matcher.group(1));
			}
		}
		assertThat(read).isNotEmpty();
		assertThat(example.keySet()).containsAll(read);
	}

	/**
	 * A stack started from an unedited copy of .env.example must not run with keys anyone
	 * can read here.
	 */
	@Test
	void envExampleWhenUsedAsIsThenStartupRefusesItsExampleSecrets() throws IOException {
		List<String> properties = new ArrayList<>();
		envExample().forEach((name, value) -> properties.add(name + "=" + value));
		InvalidConfigurationException failure = ConfigurationFailureTests
			.startupFailure(properties.toArray(String[]::new));
		assertThat(failure.problems()).containsExactly(
				"HASURA_GRAPHQL_JWT_SECRET still holds the example value from .env.example, which anyone can read: "
						+ "replace it with your own random value (openssl rand -hex 32)",
				"HASURA_GRAPHQL_ADMIN_SECRET still holds the example value from .env.example, which anyone can read: "
						+ "replace it with your own random value (openssl rand -hex 32)");
	}

	@Test
	void envExampleWhenExampleSecretsReplacedThenServiceStarts() throws IOException {
		List<String> properties = new ArrayList<>();
		envExample().forEach((name, value) -> properties.add(name + "=" + replacePlaceholders(value)));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties(properties.toArray(String[]::new))
			.run(RANDOM_PORT)) {
			assertThat(context.getBean(BridgeSettings.class).hasuraJwt().key()).hasSize(44)
				.isNotIn(ShippedPlaceholders.VALUES);
		}
	}

	/**
	 * {@code value} with each shipped placeholder replaced by a random value of the same
	 * length, as a user would.
	 */
	static String replacePlaceholders(String value) {
		String replaced = value;
		for (String placeholder : ShippedPlaceholders.VALUES) {
			replaced = replaced.replace(placeholder,
					HexFormat.of().formatHex(RANDOM.generateSeed(32)).substring(0, placeholder.length()));
		}
		return replaced;
	}

	/** KEY=VALUE lines, single quotes taken off as docker compose does. */
	static Map<String, String> envExample() throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of(".env.example"))) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int eq = line.indexOf('=');
			String value = line.substring(eq + 1);
			if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
				value = value.substring(1, value.length() - 1);
			}
			values.put(line.substring(0, eq), value);
		}
		return values;
	}

}
