package dev.authbridge.session;

import dev.authbridge.user.AccountState;
import dev.authbridge.user.AccountStates;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The last step of every sign-in: the user's granted roles ({@code auth.user_roles}) join
 * their Hasura roles, and the session is signed at the user's current epoch. When the
 * database cannot answer, the sign-in still completes with the roles the user has without
 * it (never more) and the newest epoch this instance knows, so that OAuth sign-in keeps
 * working while PostgreSQL is down.
 */
public final class SessionIssuer {

	private static final Log logger = LogFactory.getLog(SessionIssuer.class);

	private final SessionTokens tokens;

	private final AccountStates states;

	private final SessionRevocations revocations;

	public SessionIssuer(SessionTokens tokens, AccountStates states, SessionRevocations revocations) {
		this.tokens = tokens;
		this.states = states;
		this.revocations = revocations;
	}

	public Mono<SignedSession> issue(SessionUser user) {
		return this.states.of(user.id()).onErrorResume(ex -> {
			logger.warn("Granted roles and session epoch unavailable (" + ex.getClass().getSimpleName()
					+ "): signing in " + user.provider() + " user with its configured roles only");
			return Mono.just(AccountState.NONE);
		})
			.map(state -> this.tokens.issue(withRoles(user, state.roles()),
					Math.max(state.epoch(), this.revocations.epochOf(user.id()))));
	}

	/** How long a session lives: the cookie's Max-Age. */
	public Duration maxAge() {
		return this.tokens.maxAge();
	}

	private static SessionUser withRoles(SessionUser user, List<String> granted) {
		if (granted.isEmpty()) {
			return user;
		}
		List<String> allowed = new ArrayList<>(user.roles().allowed());
		allowed.addAll(granted);
		return user.withRoles(new HasuraRoles(user.roles().defaultRole(), allowed));
	}

}
