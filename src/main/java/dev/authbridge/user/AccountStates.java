package dev.authbridge.user;

import reactor.core.publisher.Mono;

/** Where a sign-in looks up a user's granted roles and session epoch. */
@FunctionalInterface
public interface AccountStates {

	/** Without a database: nothing granted, epoch 0. */
	AccountStates NONE = userId -> Mono.just(AccountState.NONE);

	Mono<AccountState> of(String userId);

}
