package dev.authbridge.web.socket;

import dev.authbridge.hasura.HasuraSocketGateway.Upstream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The operations one client socket started, by id, each with the Hasura connection that
 * runs it: what moves when a connection is replaced, and what ends when one is lost. Used
 * under its relay's lock.
 */
final class Operations {

	/** The most operations one socket runs at once. */
	static final int MAX = 100;

	private final Map<String, Operation> byId = new HashMap<>(4);

	boolean has(String id) {
		return this.byId.containsKey(id);
	}

	boolean full() {
		return this.byId.size() >= MAX;
	}

	/**
	 * Records operation {@code id}, whose client message {@code message} starts it again
	 * on another connection, running on {@code on} ({@code null}: it waits for one).
	 */
	void started(String id, String message, boolean subscription, Upstream on) {
		this.byId.put(id, new Operation(message, subscription, on));
	}

	/** Forgets operation {@code id}: the connection it ran on, or {@code null}. */
	Operation remove(String id) {
		return this.byId.remove(id);
	}

	Operation get(String id) {
		return this.byId.get(id);
	}

	/** Whether any operation still runs on {@code upstream}. */
	boolean runOn(Upstream upstream) {
		for (Operation operation : this.byId.values()) {
			if (operation.on == upstream) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Moves every subscription, and every operation waiting for a connection, to
	 * {@code to}: stopped on {@code from} (if they ran there), started on {@code to}
	 * under the same id. Queries and mutations still answering on {@code from} stay.
	 */
	void moveTo(Upstream to, Upstream from, Dialect dialect) {
		for (Map.Entry<String, Operation> entry : this.byId.entrySet()) {
			Operation operation = entry.getValue();
			if ((operation.subscription || operation.on == null) && operation.on != to) {
				if (operation.on == from && from != null) {
					from.send(dialect.stop(entry.getKey()));
				}
				operation.on = to;
				to.send(operation.message);
			}
		}
	}

	/**
	 * Ends the operations that ran on a lost connection, but subscriptions, which move:
	 * their ids, for the client to hear that they failed.
	 */
	List<String> lostWith(Upstream upstream) {
		List<String> lost = List.of();
		Iterator<Map.Entry<String, Operation>> entries = this.byId.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Operation> entry = entries.next();
			Operation operation = entry.getValue();
			if (operation.on == upstream && !operation.subscription) {
				entries.remove();
				if (lost.isEmpty()) {
					lost = new ArrayList<>(2);
				}
				lost.add(entry.getKey());
			}
		}
		return lost;
	}

	void clear() {
		this.byId.clear();
	}

	/** An operation the client started, and the Hasura connection that runs it. */
	static final class Operation {

		final String message;

		final boolean subscription;

		Upstream on;

		Operation(String message, boolean subscription, Upstream on) {
			this.message = message;
			this.subscription = subscription;
			this.on = on;
		}

	}

}
