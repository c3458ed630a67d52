package dev.authbridge.session;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.user.SessionUser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the {@code x-hasura-*} claims of a token payload, where and how Hasura's
 * configuration says: every value a JSON string, the allowed roles an array of strings,
 * the whole object stringified when {@code claims_format} is {@code stringified_json}.
 * The one place that knows the claim names.
 */
final class HasuraClaims {

	static final String ALLOWED_ROLES = "x-hasura-allowed-roles";

	static final String DEFAULT_ROLE = "x-hasura-default-role";

	static final String USER_ID = "x-hasura-user-id";

	private final HasuraJwtConfig config;

	HasuraClaims(HasuraJwtConfig config) {
		this.config = config;
	}

	/**
	 * Adds the claims of {@code user}, plus {@code iss} and {@code aud} when Hasura
	 * checks them.
	 */
	void write(Map<String, Object> payload, SessionUser user) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(ALLOWED_ROLES, user.roles().allowed());
		claims.put(DEFAULT_ROLE, user.roles().defaultRole());
		claims.put(USER_ID, user.id());
		this.config.location()
			.write(payload, this.config.stringified() ? JSONObjectUtils.toJSONString(claims) : claims);
		if (this.config.issuer() != null) {
			payload.put("iss", this.config.issuer());
		}
		if (!this.config.audience().isEmpty()) {
			payload.put("aud",
					this.config.audience().size() == 1 ? this.config.audience().get(0) : this.config.audience());
		}
	}

}
