package dev.authbridge.user;

import reactor.core.publisher.Mono;

/**
 * Where a signed-in profile becomes a session user: the shadow-user upsert in Hasura, or,
 * without Hasura, the profile as it is with the configured roles. Fails with the reason
 * the sign-in must stop.
 */
@FunctionalInterface
public interface UserDirectory {

	Mono<SessionUser> signIn(UserProfile profile);

	/**
	 * Without Hasura: the profile as it is, with {@code roles}, its provider's ids for
	 * the user id.
	 */
	static UserDirectory asIs(SessionUser.HasuraRoles roles) {
		return profile -> Mono.just(new SessionUser(profile.userId(), profile.name(), profile.email(), profile.image(),
				profile.provider(), roles, profile.emailVerified()));
	}

}
