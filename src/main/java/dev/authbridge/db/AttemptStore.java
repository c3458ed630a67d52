package dev.authbridge.db;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * {@code auth.sign_in_attempts}: failed credential sign-ins counted per key in a fixed window, in PostgreSQL so that
 * every instance sees the same count. A window starts with a key's first failure and ends {@code window} later.
 */
public final class AttemptStore {

	private final Database database;

	private final Duration window;

	public AttemptStore(Database database, Duration window) {
		this.database = database;
		this.window = window;
	}

	/**
	 * Seconds until the later of the two keys' windows ends, for keys at or over their limit; 0 when neither is.
	 */
	public Mono<Long> retryAfter(String emailKey, int emailLimit, String addressKey, int addressLimit) {
		return this.database.run(this.database.client()
			.sql("SELECT coalesce(max(ceil(extract(epoch FROM window_started_at - now()) + :window)), 0)::bigint "
					+ "AS retry_after FROM auth.sign_in_attempts "
					+ "WHERE window_started_at > now() - make_interval(secs => :window) "
					+ "AND ((key = :email AND failures >= :emailLimit) OR (key = :address AND failures >= :addressLimit))")
			.bind("window", (double) this.window.toSeconds())
			.bind("email", emailKey)
			.bind("emailLimit", emailLimit)
			.bind("address", addressKey)
			.bind("addressLimit", addressLimit)
			.map(row -> row.get("retry_after", Long.class))
			.one());
	}

	/** Counts one failure against both keys, starting a new window for a key whose window has ended. */
	public Mono<Void> fail(String emailKey, String addressKey) {
		return this.database.run(this.database.client()
			.sql("INSERT INTO auth.sign_in_attempts AS a (key, failures, window_started_at) "
					+ "VALUES (:email, 1, now()), (:address, 1, now()) ON CONFLICT (key) DO UPDATE SET "
					+ "failures = CASE WHEN a.window_started_at <= now() - make_interval(secs => :window) THEN 1 "
					+ "ELSE a.failures + 1 END, "
					+ "window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => :window) "
					+ "THEN now() ELSE a.window_started_at END")
			.bind("email", emailKey)
			.bind("address", addressKey)
			.bind("window", (double) this.window.toSeconds())
			.then());
	}

	/** Forgets the failures of {@code key}: a successful sign-in clears its e-mail's count. */
	public Mono<Void> clear(String key) {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.sign_in_attempts WHERE key = :key")
			.bind("key", key)
			.then());
	}

	/** Deletes the windows that have ended. */
	public Mono<Long> purge() {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.sign_in_attempts WHERE window_started_at <= now() - make_interval(secs => :window)")
			.bind("window", (double) this.window.toSeconds())
			.fetch()
			.rowsUpdated());
	}

}
