package dev.authbridge.session;

/**
 * A revocation an instance learned of, told to whoever holds something open on a
 * session's behalf (the GraphQL proxy's WebSockets), so that it can close it at once.
 */
public sealed interface Revocation {

	/**
	 * Every session of {@code userId} signed at an epoch below {@code epoch} ended: they
	 * signed out everywhere, or lost a role.
	 */
	record UserSessionsEnded(String userId, long epoch) implements Revocation {
	}

	/** The one session whose token id ({@code jti}) is {@code sessionId} signed out. */
	record SessionEnded(String sessionId) implements Revocation {
	}

}
