package dev.authbridge.web.socket;

import dev.authbridge.hasura.HasuraSocketGateway.Upstream;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hasura connections behind one client socket: the live one, the one replacing it
 * (opened before the live one's token expires, or after it was lost), and replaced ones
 * still answering queries. Its {@link SocketRelay} decides what happens to them, under
 * its lock.
 */
final class HasuraConnections {

	/** How many times in a row a lost Hasura connection is replaced before giving up. */
	static final int RECONNECTS = 4;

	private Upstream current;

	private Instant currentExpiry;

	private Upstream next;

	private Instant nextExpiry;

	private int reconnects;

	/** Replaced connections still answering; made when the first is replaced. */
	private List<Upstream> draining;

	/**
	 * Where a new operation goes: the live connection, or the one replacing it; none
	 * while a lost one waits to be replaced (the operation starts on the replacement).
	 */
	Upstream target() {
		return this.current != null ? this.current : this.next;
	}

	Upstream current() {
		return this.current;
	}

	Upstream next() {
		return this.next;
	}

	/**
	 * {@code upstream} is opening to replace the live one; its token lasts to
	 * {@code expiry}.
	 */
	void opening(Upstream upstream, Instant expiry) {
		this.next = upstream;
		this.nextExpiry = expiry;
	}

	/**
	 * The replacement is acknowledged: it is the live one now, and the one it replaced
	 * (returned, or {@code null}) drains.
	 */
	Upstream switchOver() {
		Upstream old = this.current;
		this.current = this.next;
		this.currentExpiry = this.nextExpiry;
		this.next = null;
		this.reconnects = 0;
		if (old != null) {
			if (this.draining == null) {
				this.draining = new ArrayList<>(1);
			}
			this.draining.add(old);
		}
		return old;
	}

	/** Closes {@code upstream} if it drains and nothing runs on it any more. */
	void closeIfDrained(Upstream upstream, Operations operations) {
		if (this.draining != null && this.draining.contains(upstream) && !operations.runOn(upstream)) {
			this.draining.remove(upstream);
			upstream.close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), null);
		}
	}

	/** {@code upstream} ended: whether it was one that drained (then all is well). */
	boolean drainedAway(Upstream upstream) {
		return this.draining != null && this.draining.remove(upstream);
	}

	void lostNext() {
		this.next = null;
	}

	void lostCurrent() {
		this.current = null;
	}

	/**
	 * How long to wait before the next try to replace a lost connection, longer each
	 * time; {@code null} when the tries are used up.
	 */
	Duration reconnectPause() {
		if (this.reconnects >= RECONNECTS) {
			return null;
		}
		return Duration.ofMillis(250L << this.reconnects++);
	}

	/**
	 * How long from {@code now} until the live connection is replaced, or {@code null}
	 * when its token does not expire (signed out).
	 */
	Duration untilRollover(Instant now) {
		if (this.currentExpiry == null) {
			return null;
		}
		Duration left = Duration.between(now, this.currentExpiry);
		return left.minus(lead(left));
	}

	/**
	 * How long before its token expires a connection is replaced: a quarter of the
	 * token's life left, from one second to one minute.
	 */
	static Duration lead(Duration left) {
		Duration quarter = left.dividedBy(4);
		return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
				: quarter.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : quarter;
	}

	/** Closes them all (1000): the client's socket has ended. */
	void closeAll() {
		for (Upstream upstream : new Upstream[] { this.current, this.next }) {
			if (upstream != null) {
				upstream.close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), null);
			}
		}
		if (this.draining != null) {
			this.draining.forEach(upstream -> upstream.close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), null));
			this.draining.clear();
		}
	}

}
