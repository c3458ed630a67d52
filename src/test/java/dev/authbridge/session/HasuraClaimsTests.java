package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

	static HasuraClaims claims(String more) {
		String rest = more.substring(1, more.length() - 1);
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig
			.parse("{\"type\":\"HS256\",\"key\":\"" + KEY + "\"" + (rest.isEmpty() ? "" : "," + rest) + "}", problems);
		assertThat(problems).isEmpty();
		return new HasuraClaims(config);
	}

}
