package dev.authbridge.session;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The session epochs this instance knows of, so that {@code /api/auth/session} can honour
 * "sign out everywhere" without I/O: one map lookup. A session whose epoch is older than
 * its user's is signed out. The map holds only users who signed out everywhere (or were
 * signed out by an admin); it is fed by this instance's own bumps and by PostgreSQL (its
 * notifications, and a poll as the safety net), and stays empty without a database.
 *
 * <p>
 * Listeners ({@link #listen}) hear of every revocation as it is learned: a user's epoch
 * that grew, and a single session that ended ({@link #ended}), which is told but not
 * kept, as its cookie is gone from the browser that signed out.
 */
public final class SessionRevocations {

	private static final Log logger = LogFactory.getLog(SessionRevocations.class);

	private final ConcurrentMap<String, Long> epochs = new ConcurrentHashMap<>();

	private final List<Consumer<Revocation>> listeners = new CopyOnWriteArrayList<>();

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

	/**
	 * Records that {@code userId} is at {@code epoch} (epochs only grow); listeners hear
	 * of it when it is news.
	 */
	public void learn(String userId, long epoch) {
		Long before = this.epochs.get(userId);
		if (before != null && before >= epoch) {
			return;
		}
		if (this.epochs.merge(userId, epoch, Math::max) == epoch) {
			tell(new Revocation.UserSessionsEnded(userId, epoch));
		}
	}

	/** Tells listeners that the session with token id {@code sessionId} signed out. */
	public void ended(String sessionId) {
		tell(new Revocation.SessionEnded(sessionId));
	}

	/**
	 * Has {@code listener} hear of every revocation learned from now on, on the thread
	 * that learns it: it must not block. A session's end may be heard twice (told here,
	 * then notified back by PostgreSQL), so acting on one must be idempotent.
	 * @return what stops it hearing
	 */
	public AutoCloseable listen(Consumer<Revocation> listener) {
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	/**
	 * Tells each listener; one that fails is logged and keeps neither the others nor
	 * whoever learned it (a sign-out, the listener on PostgreSQL) from going on.
	 */
	private void tell(Revocation revocation) {
		for (Consumer<Revocation> listener : this.listeners) {
			try {
				listener.accept(revocation);
			}
			catch (RuntimeException ex) {
				logger.warn("A revocation listener failed on " + revocation.getClass().getSimpleName(), ex);
			}
		}
	}

}
