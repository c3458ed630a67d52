package dev.authbridge.db;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code auth.ended_sessions}: the sessions that signed out. A row is written so that its
 * trigger notifies every instance ({@link RevocationListener}), and read back only by a
 * listener that was away; {@link #purge} deletes it minutes later.
 */
public final class EndedSessionStore {

	private final Database database;

	public EndedSessionStore(Database database) {
		this.database = database;
	}

	/**
	 * Records that the session with token id {@code sessionId} signed out, which tells
	 * every instance; completes once committed.
	 */
	public Mono<Void> record(String sessionId) {
		return this.database
			.run(this.database.client()
				.sql("INSERT INTO auth.ended_sessions AS s (session_id) VALUES (:session) ON CONFLICT (session_id) "
						+ "DO UPDATE SET ended_at = now()")
				.bind("session", sessionId)
				.fetch()
				.rowsUpdated())
			.then();
	}

	/**
	 * Every session that ended and is not purged yet: the last few minutes' sign-outs.
	 */
	public Flux<String> all() {
		return this.database.runMany(this.database.client()
			.sql("SELECT session_id FROM auth.ended_sessions")
			.map(row -> row.get("session_id", String.class))
			.all());
	}

	/** Deletes the sessions that ended longer ago than {@code kept}; emits how many. */
	public Mono<Long> purge(Duration kept) {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.ended_sessions WHERE ended_at <= now() - make_interval(secs => :kept)")
			.bind("kept", (double) kept.toSeconds())
			.fetch()
			.rowsUpdated());
	}

}
