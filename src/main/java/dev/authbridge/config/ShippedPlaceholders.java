package dev.authbridge.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example secrets this project ships in {@code .env.example} (and so in every
 * {@code .env} copied from it): a stack started without editing them would sign tokens,
 * open Hasura and PostgreSQL with keys anyone can read in this repository. A secret
 * setting that still holds one stops startup, however long and random it looks.
 */
final class ShippedPlaceholders {

	/**
	 * Every placeholder value the project ships; {@code ShippedPlaceholdersTests} finds
	 * any new one in the files.
	 */
	static final List<String> VALUES = List.of("replace-me-with-32-or-more-random-characters", "change-me-admin-secret",
			"change-me-postgres-password");

	private ShippedPlaceholders() {
	}

	/**
	 * Adds a problem for each setting of {@code secrets} (name to value, values may be
	 * null) holding a placeholder.
	 */
	static void refuse(Map<String, String> secrets, List<String> problems) {
		secrets.forEach((name, value) -> {
			if (value != null && VALUES.stream().anyMatch(value::contains)) {
				problems.add(name + " still holds the example value from .env.example, which anyone can read: "
						+ "replace it with your own random value (openssl rand -hex 32)");
			}
		});
	}

	/** The secret settings, in the order problems are reported. */
	static Map<String, String> secrets(AuthProperties auth, HasuraProperties hasura, DatabaseProperties database,
			AccountProperties accounts) {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("AUTH_SECRET", auth.secret());
		secrets.put("HASURA_GRAPHQL_JWT_SECRET", hasura.jwtSecret());
		secrets.put("HASURA_GRAPHQL_ADMIN_SECRET", hasura.adminSecret());
		secrets.put("AUTH_ADMIN_SECRET", accounts.adminSecret());
		secrets.put("DATABASE_URL", database.url());
		return secrets;
	}

}
