package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HasuraJwtConfigTests {

	static final String KEY_32 = "k".repeat(32);

	static final String KEY_48 = "k".repeat(48);

	static final String KEY_64 = "k".repeat(64);

	static Stream<Arguments> validConfigs() {
		return Stream.of(
				arguments(json("HS256", KEY_32, ""), JWSAlgorithm.HS256, KEY_32,
						List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), false, null, List.of()),
				arguments(json("HS384", KEY_48, ""), JWSAlgorithm.HS384, KEY_48,
						List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), false, null, List.of()),
				arguments(json("HS512", KEY_64, ""), JWSAlgorithm.HS512, KEY_64,
						List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), false, null, List.of()),
				arguments(json("HS256", KEY_32, ",\"claims_namespace\":\"hasura\""), JWSAlgorithm.HS256, KEY_32,
						List.of("hasura"), false, null, List.of()),
				arguments(json("HS256", KEY_32, ",\"claims_namespace_path\":\"$\""), JWSAlgorithm.HS256, KEY_32,
						List.of(), false, null, List.of()),
				arguments(json("HS256", KEY_32, ",\"claims_namespace_path\":\"$.hasura.claims\""), JWSAlgorithm.HS256,
						KEY_32, List.of("hasura", "claims"), false, null, List.of()),
				arguments(json("HS256", KEY_32, ",\"claims_namespace_path\":\"$['https://x.io/claims'].inner\""),
						JWSAlgorithm.HS256, KEY_32, List.of("https://x.io/claims", "inner"), false, null, List.of()),
				arguments(json("HS256", KEY_32, ",\"claims_format\":\"json\""), JWSAlgorithm.HS256, KEY_32,
						List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), false, null, List.of()),
				arguments(json("HS256", KEY_32, ",\"claims_format\":\"stringified_json\""), JWSAlgorithm.HS256, KEY_32,
						List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), true, null, List.of()),
				arguments(
						json("HS256", KEY_32,
								",\"claims_namespace_path\":\"$.a.b\",\"claims_format\":\"stringified_json\""),
						JWSAlgorithm.HS256, KEY_32, List.of("a", "b"), true, null, List.of()),
				arguments(json("HS256", KEY_32, ",\"issuer\":\"https://auth.example.com\""), JWSAlgorithm.HS256, KEY_32,
						List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), false, "https://auth.example.com", List.of()),
				arguments(json("HS256", KEY_32, ",\"audience\":\"app\""), JWSAlgorithm.HS256, KEY_32,
						List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), false, null, List.of("app")),
				arguments(json("HS256", KEY_32, ",\"audience\":[\"app\",\"admin\"]"), JWSAlgorithm.HS256, KEY_32,
						List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), false, null, List.of("app", "admin")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validConfigs")
	void parseWhenValidThenConfig(String json, JWSAlgorithm algorithm, String key, List<String> segments,
			boolean stringified, String issuer, List<String> audience) {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig.parse(json, problems);
		assertThat(problems).isEmpty();
		assertThat(config).isNotNull();
		assertThat(config.algorithm()).isEqualTo(algorithm);
		assertThat(config.key()).isEqualTo(key);
		assertThat(config.location().segments()).isEqualTo(segments);
		assertThat(config.stringified()).isEqualTo(stringified);
		assertThat(config.issuer()).isEqualTo(issuer);
		assertThat(config.audience()).isEqualTo(audience);
	}

	static Stream<Arguments> invalidConfigs() {
		return Stream.of(arguments("not JSON", "not json", "is not a JSON object"),
				arguments("JSON array", "[{\"type\":\"HS256\"}]", "is not a JSON object"),
				arguments("RS256, key not PEM", json("RS256", "-----BEGIN PUBLIC KEY-----" + "A".repeat(300), ""),
						"\"key\" is not PEM"),
				arguments("type PS256", json("PS256", KEY_64, ""), "\"type\" must be HS256, HS384, HS512, RS256"),
				arguments("unknown type", json("HS999", KEY_64, ""), "\"type\""),
				arguments("missing type", "{\"key\":\"" + KEY_32 + "\"}", "\"type\""),
				arguments("type not a string", "{\"type\":256,\"key\":\"" + KEY_32 + "\"}", "\"type\""),
				arguments("missing key", "{\"type\":\"HS256\"}", "\"key\" must be at least 32"),
				arguments("key not a string", "{\"type\":\"HS256\",\"key\":12345}", "\"key\""),
				arguments("HS256 key of 31", json("HS256", "k".repeat(31), ""), "\"key\" must be at least 32"),
				arguments("HS384 key of 47", json("HS384", "k".repeat(47), ""), "\"key\" must be at least 48"),
				arguments("HS512 key of 63", json("HS512", "k".repeat(63), ""), "\"key\" must be at least 64"),
				arguments("jwk_url beside type and key", json("HS256", KEY_32, ",\"jwk_url\":\"https://x.io/jwks\""),
						"\"jwk_url\""),
				arguments("jwk_url not a string", "{\"jwk_url\":42}", "\"jwk_url\""),
				arguments("jwk_url with claims_map", "{\"jwk_url\":\"https://x.io/jwks\",\"claims_map\":{}}",
						"\"claims_map\""),
				arguments("claims_map", json("HS256", KEY_32, ",\"claims_map\":{}"), "\"claims_map\""),
				arguments("namespace and path",
						json("HS256", KEY_32, ",\"claims_namespace\":\"a\",\"claims_namespace_path\":\"$.a\""),
						"\"claims_namespace_path\""),
				arguments("path without $", json("HS256", KEY_32, ",\"claims_namespace_path\":\"hasura.claims\""),
						"\"claims_namespace_path\""),
				arguments("path with ..", json("HS256", KEY_32, ",\"claims_namespace_path\":\"$..x\""),
						"\"claims_namespace_path\""),
				arguments("path with index", json("HS256", KEY_32, ",\"claims_namespace_path\":\"$[0]\""),
						"\"claims_namespace_path\""),
				arguments("path with unclosed bracket",
						json("HS256", KEY_32, ",\"claims_namespace_path\":\"$['hasura\""), "\"claims_namespace_path\""),
				arguments("stringified at root",
						json("HS256", KEY_32,
								",\"claims_namespace_path\":\"$\",\"claims_format\":\"stringified_json\""),
						"\"stringified_json\""),
				arguments("bad claims_format", json("HS256", KEY_32, ",\"claims_format\":\"xml\""),
						"\"claims_format\""),
				arguments("issuer not a string", json("HS256", KEY_32, ",\"issuer\":42"), "\"issuer\""),
				arguments("audience of numbers", json("HS256", KEY_32, ",\"audience\":[1,2]"), "\"audience\""),
				arguments("audience mixed", json("HS256", KEY_32, ",\"audience\":[\"app\",2]"), "\"audience\""),
				arguments("audience an object", json("HS256", KEY_32, ",\"audience\":{\"a\":1}"), "\"audience\""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidConfigs")
	void parseWhenInvalidThenProblemNamesVariableAndField(String name, String json, String field) {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig.parse(json, problems);
		assertThat(config).isNull();
		assertThat(problems).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("HASURA_GRAPHQL_JWT_SECRET"));
		assertThat(problems).anySatisfy(line -> assertThat(line).contains(field));
	}

	@Test
	void parseWhenSeveralProblemsThenReportsAllAtOnce() {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig
			.parse("{\"type\":\"PS256\",\"key\":\"short\",\"claims_format\":\"xml\",\"audience\":[1]}", problems);
		assertThat(config).isNull();
		assertThat(problems).hasSize(4)
			.anySatisfy(line -> assertThat(line).contains("\"type\""))
			.anySatisfy(line -> assertThat(line).contains("\"key\""))
			.anySatisfy(line -> assertThat(line).contains("\"claims_format\""))
			.anySatisfy(line -> assertThat(line).contains("\"audience\""));
	}

	@Test
	void parseWhenJwkUrlThenNoKeyAndTheClaimsSettingsHonoured() {
		List<String> problems = new ArrayList<>();
		String json = "{\"jwk_url\":\"http://authbridge:3000/api/auth/jwks\",\"claims_namespace\":\"hasura\","
				+ "\"claims_format\":\"stringified_json\",\"issuer\":\"https://auth.example.com\",\"audience\":\"app\"}";
		HasuraJwtConfig config = HasuraJwtConfig.parse(json, problems);
		assertThat(problems).isEmpty();
		assertThat(config.jwkUrl()).isEqualTo("http://authbridge:3000/api/auth/jwks");
		assertThat(config.key()).isNull();
		assertThat(config.publicKey()).isNull();
		assertThat(config.location()).isEqualTo(ClaimsLocation.namespace("hasura"));
		assertThat(config.stringified()).isTrue();
		assertThat(config.issuer()).isEqualTo("https://auth.example.com");
		assertThat(config.audience()).containsExactly("app");
		assertThat(config.withAlgorithm(JWSAlgorithm.ES256).algorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(config.toJson()).isEqualTo(json);
	}

	@Test
	void parseWhenProblemsListedBeforeThenStillReturnsConfig() {
		List<String> problems = new ArrayList<>(List.of("AUTH_SECRET is not set"));
		HasuraJwtConfig config = HasuraJwtConfig.parse(json("HS256", KEY_32, ""), problems);
		assertThat(config).isNotNull();
		assertThat(problems).containsExactly("AUTH_SECRET is not set");
	}

	@Test
	void toJsonWhenParsedThenSameSettings() {
		String json = json("HS384", KEY_48,
				",\"claims_namespace_path\":\"$.hasura\",\"claims_format\":\"stringified_json\","
						+ "\"issuer\":\"https://auth.example.com\",\"audience\":[\"a\",\"b\"]");
		HasuraJwtConfig config = HasuraJwtConfig.parse(json, new ArrayList<>());
		assertThat(HasuraJwtConfig.parse(config.toJson(), new ArrayList<>())).isEqualTo(config);
	}

	@Test
	void defaultForWhenSecretThenHs256WithSecretAsKey() {
		String secret = "Zx9+/abcdefghijklmnopqrstuvwxyz0123456789=";
		HasuraJwtConfig config = HasuraJwtConfig.defaultFor(secret);
		assertThat(config.toJson()).isEqualTo("{\"type\":\"HS256\",\"key\":\"" + secret + "\"}");
		assertThat(config.algorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(config.key()).isEqualTo(secret);
		assertThat(config.location().segments()).containsExactly(HasuraJwtConfig.DEFAULT_NAMESPACE);
		assertThat(config.stringified()).isFalse();
		assertThat(config.issuer()).isNull();
		assertThat(config.audience()).isEmpty();
		assertThat(HasuraJwtConfig.parse(config.toJson(), new ArrayList<>())).isEqualTo(config);
	}

	static String json(String type, String key, String more) {
		return "{\"type\":\"" + type + "\",\"key\":\"" + key + "\"" + more + "}";
	}

}
