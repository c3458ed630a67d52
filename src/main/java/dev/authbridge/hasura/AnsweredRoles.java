package dev.authbridge.hasura;

import dev.authbridge.user.SessionUser.HasuraRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The roles of a user: the configured ones ({@code AUTH_HASURA_DEFAULT_ROLE},
 * {@code AUTH_HASURA_ALLOWED_ROLES}) and those the upsert's answer carries when its
 * document selects them: {@code default_role} (a string) replaces the default role,
 * {@code allowed_roles} (strings) and a {@code roles} relationship (objects with
 * {@code role}) add allowed roles. Anything else in the answer is ignored.
 */
final class AnsweredRoles {

	private AnsweredRoles() {
	}

	static HasuraRoles of(HasuraRoles configured, Map<String, Object> answer) {
		String defaultRole = answer.get("default_role") instanceof String role && !role.isBlank() ? role
				: configured.defaultRole();
		List<String> allowed = new ArrayList<>(configured.allowed());
		if (answer.get("allowed_roles") instanceof List<?> roles) {
			roles.stream().filter(String.class::isInstance).map(String.class::cast).forEach(allowed::add);
		}
		if (answer.get("roles") instanceof List<?> relationship) {
			relationship.stream()
				.filter(Map.class::isInstance)
				.map(row -> ((Map<?, ?>) row).get("role"))
				.filter(String.class::isInstance)
				.map(String.class::cast)
				.forEach(allowed::add);
		}
		return new HasuraRoles(defaultRole, allowed.stream().filter(role -> !role.isBlank()).toList());
	}

}
