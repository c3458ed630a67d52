package dev.authbridge.user;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who a session belongs to, as every token and response shows them.
 *
 * @param id the shadow user id ({@code <provider>|<account id>}), {@code sub} and
 * {@code x-hasura-user-id}
 * @param name display name, may be {@code null}
 * @param email e-mail address, may be {@code null}
 * @param image avatar URL, may be {@code null}
 * @param provider the provider id the user signed in with
 * @param roles the Hasura roles of this user
 * @param emailVerified when the owner of {@code email} proved it, as at sign-in;
 * {@code null} when not (always for a provider's users)
 */
public record SessionUser(String id, String name, String email, String image, String provider, HasuraRoles roles,
		Instant emailVerified) {

	public SessionUser {
		Objects.requireNonNull(provider, "provider");
		Objects.requireNonNull(roles, "roles");
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("id must not be blank");
		}
	}

	/** A user whose address the bridge has not seen proved. */
	public SessionUser(String id, String name, String email, String image, String provider, HasuraRoles roles) {
		this(id, name, email, image, provider, roles, null);
	}

	/** This user with other roles. */
	public SessionUser withRoles(HasuraRoles roles) {
		return new SessionUser(this.id, this.name, this.email, this.image, this.provider, roles, this.emailVerified);
	}

	/**
	 * Hasura's two mandatory role claims. The default role is always among the allowed
	 * ones, first.
	 *
	 * @param defaultRole {@code x-hasura-default-role}
	 * @param allowed {@code x-hasura-allowed-roles}
	 */
	public record HasuraRoles(String defaultRole, List<String> allowed) {

		public HasuraRoles {
			if (defaultRole == null || defaultRole.isBlank()) {
				throw new IllegalArgumentException("defaultRole must not be blank");
			}
			Set<String> roles = new LinkedHashSet<>();
			roles.add(defaultRole);
			roles.addAll(allowed);
			allowed = List.copyOf(roles);
		}

	}

}
