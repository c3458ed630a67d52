package dev.authbridge.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The session epochs this instance knows of, so that {@code /api/auth/session} can honour
 * "sign out everywhere" without I/O: one map lookup. A session whose epoch is older than
 * its user's is signed out. The map holds only users who signed out everywhere (or were
 * signed out by an admin); it is fed by this instance's own bumps and by polling
 * PostgreSQL, and stays empty without a database.
 */
public final class SessionRevocations {

	private final ConcurrentMap<String, Long> epochs = new ConcurrentHashMap<>();

	/**
	 * Whether {@code session} was signed in before its user's latest sign-out-everywhere.
	 */
	public boolean revoked(Session session) {
		return revoked(session.user().id(), session.epoch());
	}

	/**
	 * Whether a token of {@code userId} signed at session epoch {@code epoch} predates
	 * the user's latest sign-out-everywhere.
	 */
	public boolean revoked(String userId, long epoch) {
		Long current = this.epochs.get(userId);
		return current != null && epoch < current;
	}

	/** The latest epoch known for {@code userId}; 0 when none is. */
	public long epochOf(String userId) {
		return this.epochs.getOrDefault(userId, 0L);
	}

	/** Records that {@code userId} is at {@code epoch} (epochs only grow). */
	public void learn(String userId, long epoch) {
		this.epochs.merge(userId, epoch, Math::max);
	}

}
