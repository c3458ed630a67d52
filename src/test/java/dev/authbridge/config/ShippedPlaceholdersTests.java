package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example secret the project ships is refused in every secret setting, also inside
 * a JSON value or a URL.
 */
class ShippedPlaceholdersTests {

	/** How the project's files spell an example secret. */
	static final Pattern EXAMPLE = Pattern.compile("\\b(?:change|replace)-me(?:-[a-z0-9]+)+");

	static final List<String> SHIPPED = List.of(".env.example", "compose.yaml", "README.md", "Dockerfile");

	@Test
	void valuesWhenComparedWithTheShippedFilesThenExactlyTheirExampleSecrets() throws IOException {
		Set<String> found = new TreeSet<>();
		for (String file : SHIPPED) {
			Matcher matcher = EXAMPLE.matcher(Files.readString(Path.of(file)));
			while (matcher.find()) {
				found.add(matcher.group());
			}
		}
		assertThat(found).containsExactlyInAnyOrderElementsOf(ShippedPlaceholders.VALUES);
	}

	static Stream<Arguments> refuseWhenSecretHoldsPlaceholderThenProblemNamingIt() {
		List<String> settings = List.of("AUTH_SECRET", "HASURA_GRAPHQL_JWT_SECRET", "HASURA_GRAPHQL_ADMIN_SECRET",
				"AUTH_ADMIN_SECRET", "DATABASE_URL");
		List<Arguments> cases = new ArrayList<>();
		for (String setting : settings) {
			for (String placeholder : ShippedPlaceholders.VALUES) {
				cases.add(arguments(setting, placeholder));
				cases.add(arguments(setting, "{\"type\":\"HS256\",\"key\":\"" + placeholder + "\"}"));
				cases.add(arguments(setting, "postgres://postgres:" + placeholder + "@postgres:5432/postgres"));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource
	void refuseWhenSecretHoldsPlaceholderThenProblemNamingIt(String setting, String value) {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("OTHER", "a-real-secret-0123456789abcdef0123456789");
		secrets.put("UNSET", null);
		secrets.put(setting, value);
		List<String> problems = new ArrayList<>();
		ShippedPlaceholders.refuse(secrets, problems);
		assertThat(problems).singleElement()
			.asString()
			.startsWith(setting + " still holds the example value from .env.example")
			.doesNotContain(value);
	}

	/**
	 * Each secret setting with an example value, beside what it needs to be read at all:
	 * startup stops.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource
	void startWhenSecretSettingHoldsExampleValueThenStops(String setting, List<String> besides) {
		List<String> properties = new ArrayList<>(besides);
		properties.add(setting);
		String name = setting.substring(0, setting.indexOf('='));
		assertThat(ConfigurationFailureTests.startupFailure(properties.toArray(String[]::new)).problems())
			.anySatisfy(problem -> assertThat(problem).startsWith(name + " still holds the example value"));
	}

	static Stream<Arguments> startWhenSecretSettingHoldsExampleValueThenStops() {
		String secret = ConfigurationFailureTests.GOOD_SECRET;
		String database = "DATABASE_URL=postgres://app:db-password@db/app";
		return Stream.of(arguments("AUTH_SECRET=replace-me-with-32-or-more-random-characters", List.of()),
				arguments(
						"HASURA_GRAPHQL_JWT_SECRET={\"type\":\"HS256\",\"key\":\"change-me-admin-secret-0123456789\"}",
						List.of(secret)),
				arguments("HASURA_GRAPHQL_ADMIN_SECRET=change-me-admin-secret",
						List.of(secret, "HASURA_GRAPHQL_ENDPOINT=http://hasura:8080/v1/graphql")),
				arguments("AUTH_ADMIN_SECRET=change-me-admin-secret-0123456789abcdef", List.of(secret, database)),
				arguments("DATABASE_URL=postgres://postgres:change-me-postgres-password@postgres:5432/postgres",
						List.of(secret)));
	}

}
