package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HasuraClaimsTests {

	static final String KEY = "k".repeat(32);

	static final SessionUser USER = new SessionUser("github|42", null, null, null, "github",
			new HasuraRoles("user", List.of("editor")));

	@Test
	void writeThenRolesAsArrayDefaultRoleFirstAndUserIdAsString() {
		Map<String, Object> payload = new LinkedHashMap<>();
		claims("{}").write(payload, USER);
		assertThat(payload).containsOnlyKeys(HasuraJwtConfig.DEFAULT_NAMESPACE);
		assertThat(payload.get(HasuraJwtConfig.DEFAULT_NAMESPACE)).isEqualTo(Map.of("x-hasura-allowed-roles",
				List.of("user", "editor"), "x-hasura-default-role", "user", "x-hasura-user-id", "github|42"));
	}

	@Test
	void writeWhenIssuerAndAudienceThenSet() {
		Map<String, Object> payload = new LinkedHashMap<>();
		claims("{\"issuer\":\"https://auth.example.com\",\"audience\":\"app\"}").write(payload, USER);
		assertThat(payload).containsEntry("iss", "https://auth.example.com").containsEntry("aud", "app");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{}", "{\"claims_namespace\":\"hasura\"}", "{\"claims_namespace_path\":\"$\"}",
			"{\"claims_namespace_path\":\"$.a['b'].c\"}", "{\"claims_format\":\"stringified_json\"}",
			"{\"claims_namespace_path\":\"$.a\",\"claims_format\":\"stringified_json\",\"issuer\":\"i\","
					+ "\"audience\":[\"x\",\"y\"]}" })
	void readWhenWrittenWithSameConfigThenSameRoles(String layout) throws Exception {
		HasuraClaims claims = claims(layout);
		Map<String, Object> payload = new LinkedHashMap<>();
		claims.write(payload, USER);
		assertThat(claims.read(payload, USER.id())).isEqualTo(USER.roles());
	}

	@Test
	void readWhenStringifiedExpectedButObjectThenMalformed() {
		Map<String, Object> payload = new LinkedHashMap<>();
		claims("{}").write(payload, USER);
		assertMalformed(claims("{\"claims_format\":\"stringified_json\"}"), payload, USER.id());
	}

	@Test
	void readWhenObjectExpectedButStringThenMalformed() {
		Map<String, Object> payload = new LinkedHashMap<>();
		claims("{\"claims_format\":\"stringified_json\"}").write(payload, USER);
		assertMalformed(claims("{}"), payload, USER.id());
	}

	@Test
	void readWhenStringifiedClaimsNotJsonThenMalformed() {
		assertMalformed(claims("{\"claims_format\":\"stringified_json\"}"),
				Map.of(HasuraJwtConfig.DEFAULT_NAMESPACE, "{not json"), USER.id());
	}

	@Test
	void readWhenUserIdIsNotSubjectThenMalformed() {
		Map<String, Object> payload = new LinkedHashMap<>();
		HasuraClaims claims = claims("{}");
		claims.write(payload, USER);
		assertMalformed(claims, payload, "github|43");
	}

	@Test
	void readWhenRolesNotStringsThenMalformed() {
		Map<String, Object> payload = Map.of(HasuraJwtConfig.DEFAULT_NAMESPACE, Map.of("x-hasura-user-id", "github|42",
				"x-hasura-default-role", "user", "x-hasura-allowed-roles", List.of("user", 7)));
		assertMalformed(claims("{}"), payload, USER.id());
	}

	static void assertMalformed(HasuraClaims claims, Map<String, Object> payload, String subject) {
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> claims.read(payload, subject))
			.withMessage("hasura_claims_malformed");
	}

	static HasuraClaims claims(String more) {
		String rest = more.substring(1, more.length() - 1);
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig
			.parse("{\"type\":\"HS256\",\"key\":\"" + KEY + "\"" + (rest.isEmpty() ? "" : "," + rest) + "}", problems);
		assertThat(problems).isEmpty();
		return new HasuraClaims(config);
	}

}
