package dev.authbridge.session;

import reactor.core.publisher.Mono;

/** Ends every session of a user, on every instance: bumps their session epoch. */
@FunctionalInterface
public interface SignOutEverywhere {

	/**
	 * Without a database there is nowhere to record it: fails with
	 * {@link UnsupportedOperationException}.
	 */
	SignOutEverywhere OFF = userId -> Mono.error(new UnsupportedOperationException("DATABASE_URL is not set"));

	/** Emits the user's new epoch once it is recorded. */
	Mono<Long> signOut(String userId);

}
