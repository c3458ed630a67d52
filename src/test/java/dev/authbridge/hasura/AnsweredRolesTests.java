package dev.authbridge.hasura;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.user.SessionUser.HasuraRoles;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnsweredRolesTests {

	private static final HasuraRoles CONFIGURED = new HasuraRoles("user", List.of("editor"));

	static Stream<Arguments> answers() {
		return Stream.of(Arguments.of(Map.of("id", "a"), "user", List.of("user", "editor")),
				Arguments.of(Map.of("id", "a", "default_role", "viewer"), "viewer",
						List.of("viewer", "user", "editor")),
				Arguments.of(Map.of("id", "a", "allowed_roles", List.of("admin", 7)), "user",
						List.of("user", "editor", "admin")),
				Arguments.of(Map.of("id", "a", "roles", List.of(Map.of("role", "moderator"), Map.of("x", "y"))), "user",
						List.of("user", "editor", "moderator")),
				Arguments.of(Map.of("id", "a", "default_role", 3, "allowed_roles", "admin"), "user",
						List.of("user", "editor")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("answers")
	void ofWhenAnswerSelectsRolesThenUsedOrAdded(Map<String, Object> answer, String defaultRole, List<String> allowed) {
		HasuraRoles roles = AnsweredRoles.of(CONFIGURED, answer);

		assertThat(roles.defaultRole()).isEqualTo(defaultRole);
		assertThat(roles.allowed()).isEqualTo(allowed);
	}

}
