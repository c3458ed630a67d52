package dev.authbridge.web.socket;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * One timer for every open client socket, rather than a ping task and a read timeout per
 * socket: every third of {@code AUTH_IDLE_TIMEOUT} it pings each socket, and closes
 * (1001) one that has sent nothing, not even a pong, for the whole timeout. So a client
 * that stopped answering goes between one and one and a third timeouts after its last
 * frame. It runs only while sockets are open.
 */
final class SocketPings {

	private final OpenSockets sockets;

	private final long intervalMillis;

	private final long quietNanos;

	private final AtomicReference<Disposable> sweeps = new AtomicReference<>();

	SocketPings(OpenSockets sockets, Duration idleTimeout) {
		this.sockets = sockets;
		this.intervalMillis = Math.max(1, idleTimeout.toMillis() / 3);
		this.quietNanos = idleTimeout.toNanos();
	}

	/** A socket was added to the open ones: the sweeps run, if they did not. */
	void watch() {
		if (this.sweeps.get() == null) {
			Disposable started = Schedulers.parallel()
				.schedulePeriodically(this::sweep, this.intervalMillis, this.intervalMillis, TimeUnit.MILLISECONDS);
			if (!this.sweeps.compareAndSet(null, started)) {
				started.dispose();
			}
		}
	}

	private void sweep() {
		long now = System.nanoTime();
		int seen = this.sockets.forEachOpen(relay -> relay.pingOrLetGo(now, this.quietNanos));
		if (seen == 0) {
			Disposable running = this.sweeps.getAndSet(null);
			if (running != null) {
				running.dispose();
			}
			// a socket added since the count starts them again
			if (!this.sockets.noneOpen()) {
				watch();
			}
		}
	}

}
