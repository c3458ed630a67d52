package dev.authbridge.session;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the {@code x-hasura-*} claims of a token payload, where and how
 * Hasura's configuration says: every value a JSON string, the allowed roles an array of
 * strings, the whole object stringified when {@code claims_format} is
 * {@code stringified_json}. The one place that knows the claim names.
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

	/**
	 * The roles in {@code payload}, which must name {@code subject} as the Hasura user
	 * id: what Hasura itself would read from the token.
	 */
	HasuraRoles read(Map<String, Object> payload, String subject) throws InvalidTokenException {
		Object value = this.config.location().read(payload);
		Map<String, Object> claims;
		try {
			claims = value instanceof String json && this.config.stringified() ? JSONObjectUtils.parse(json)
					: asObject(value);
		}
		catch (ParseException ex) {
			throw new InvalidTokenException("hasura_claims_malformed");
		}
		if (claims == null || !subject.equals(claims.get(USER_ID))
				|| !(claims.get(DEFAULT_ROLE) instanceof String defaultRole) || defaultRole.isBlank()
				|| !(claims.get(ALLOWED_ROLES) instanceof List<?> allowed)
				|| !allowed.stream().allMatch(String.class::isInstance)) {
			throw new InvalidTokenException("hasura_claims_malformed");
		}
		return new HasuraRoles(defaultRole, allowed.stream().map(String.class::cast).toList());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> asObject(Object value) {
		return value instanceof Map<?, ?> map && !this.config.stringified() ? (Map<String, Object>) map : null;
	}

}
