package dev.authbridge.web.socket;

import dev.authbridge.session.Revocation;
import dev.authbridge.session.Session;
import dev.authbridge.session.SessionRevocations;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The proxy's open client sockets of signed-in sessions, by user and by session, so that
 * a revocation this instance learns of ({@link SessionRevocations#listen}) closes theirs
 * at once: a user's grown epoch closes their sockets of older sessions; a session's
 * sign-out closes that session's sockets.
 */
public final class OpenSockets {

	private final ConcurrentMap<String, Set<SocketRelay>> byUser = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Set<SocketRelay>> bySession = new ConcurrentHashMap<>();

	private final Set<SocketRelay> all = ConcurrentHashMap.newKeySet();

	private final AtomicInteger admitted = new AtomicInteger();

	public OpenSockets(SessionRevocations revocations) {
		revocations.listen(this::revoked);
	}

	/** How many client sockets are open or being opened. */
	public int count() {
		return this.admitted.get();
	}

	/**
	 * Counts in one more socket, unless {@code max} are open or being opened: a burst
	 * cannot pass the limit.
	 */
	boolean admit(int max) {
		int now;
		do {
			now = this.admitted.get();
			if (now >= max) {
				return false;
			}
		}
		while (!this.admitted.compareAndSet(now, now + 1));
		return true;
	}

	/** Counts out a socket admitted that never opened. */
	void release() {
		this.admitted.decrementAndGet();
	}

	void add(SocketRelay relay) {
		this.all.add(relay);
		Session session = relay.session();
		if (session != null) {
			this.byUser.computeIfAbsent(session.user().id(), key -> ConcurrentHashMap.newKeySet()).add(relay);
			this.bySession.computeIfAbsent(session.id(), key -> ConcurrentHashMap.newKeySet()).add(relay);
		}
	}

	void remove(SocketRelay relay) {
		if (this.all.remove(relay)) {
			release();
		}
		Session session = relay.session();
		if (session != null) {
			remove(this.byUser, session.user().id(), relay);
			remove(this.bySession, session.id(), relay);
		}
	}

	private static void remove(ConcurrentMap<String, Set<SocketRelay>> index, String key, SocketRelay relay) {
		index.computeIfPresent(key, (name, relays) -> {
			relays.remove(relay);
			return relays.isEmpty() ? null : relays;
		});
	}

	private void revoked(Revocation revocation) {
		if (revocation instanceof Revocation.UserSessionsEnded ended) {
			relays(this.byUser, ended.userId()).stream()
				.filter(relay -> relay.session().epoch() < ended.epoch())
				.forEach(SocketRelay::revoke);
		}
		else if (revocation instanceof Revocation.SessionEnded ended) {
			relays(this.bySession, ended.sessionId()).forEach(SocketRelay::revoke);
		}
	}

	private static List<SocketRelay> relays(ConcurrentMap<String, Set<SocketRelay>> index, String key) {
		Set<SocketRelay> relays = index.get(key);
		return relays == null ? List.of() : List.copyOf(relays);
	}

	boolean noneOpen() {
		return this.all.isEmpty();
	}

	/** Hands each open socket to {@code action}; how many there were. */
	int forEachOpen(Consumer<SocketRelay> action) {
		int seen = 0;
		for (SocketRelay relay : this.all) {
			action.accept(relay);
			seen++;
		}
		return seen;
	}

	/**
	 * Tells every open socket that the server is stopping (1001): reconnect elsewhere.
	 */
	public void goAway() {
		List.copyOf(this.all).forEach(SocketRelay::goingAway);
	}

}
