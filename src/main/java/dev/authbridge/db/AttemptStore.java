package dev.authbridge.db;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code auth.sign_in_attempts}: attempts counted per key in a fixed window, in
 * PostgreSQL so that every instance sees the same count. A window starts with a key's
 * first attempt and ends {@code window} later. Each kind of key (sign-in per e-mail, per
 * client address, sign-up per client address) always comes with the same window, so a
 * row's window is its kind's. The column {@code failures} keeps its first name: it counts
 * attempts reserved, which a success may give back.
 *
 * <p>
 * An attempt is reserved before it runs, in one statement that counts and answers
 * together: a burst of concurrent attempts, on one instance or many, is serialised by
 * PostgreSQL's row locks, so no more than the limit get through (checking a count and
 * recording a failure later, with a password hash between the two, let every attempt of a
 * burst see the same count).
 */
public final class AttemptStore {

	private final Database database;

	public AttemptStore(Database database) {
		this.database = database;
	}

	/**
	 * One counter and how many attempts its window allows.
	 *
	 * @param key the counter, e.g. {@code email:<hmac>}
	 * @param limit at least 1
	 */
	public record Limit(String key, int limit) {
	}

	/**
	 * Counts one attempt against every key of {@code limits} at once (their keys
	 * distinct), starting a new window for a key whose window has ended. Emits 0 when
	 * every count is within its limit and the attempt may run; otherwise the seconds
	 * until the later window of the keys over their limits ends, and the attempt must not
	 * run.
	 */
	public Mono<Long> reserve(Duration window, List<Limit> limits) {
		// counts stop at the highest limit plus one, so that a flood of refused attempts
		// cannot overflow them; the keys
		// are locked in sorted order, so that two statements sharing keys cannot deadlock
		int ceiling = limits.stream().mapToInt(Limit::limit).max().orElse(0) + 1;
		return this.database.run(this.database.client()
			.sql("WITH asked AS (SELECT * FROM unnest(:keys::text[], :limits::integer[]) AS asked (key, attempt_limit)), "
					+ "counted AS (INSERT INTO auth.sign_in_attempts AS a (key, failures, window_started_at) "
					+ "SELECT key, 1, now() FROM asked ORDER BY key ON CONFLICT (key) DO UPDATE SET "
					+ "failures = CASE WHEN a.window_started_at <= now() - make_interval(secs => :window) THEN 1 "
					+ "ELSE least(a.failures + 1, :ceiling) END, "
					+ "window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => :window) "
					+ "THEN now() ELSE a.window_started_at END " + "RETURNING key, failures, window_started_at) "
					+ "SELECT coalesce(max(ceil(extract(epoch FROM counted.window_started_at - now()) + :window)), 0)"
					+ "::bigint AS retry_after FROM counted JOIN asked USING (key) "
					+ "WHERE counted.failures > asked.attempt_limit")
			.bind("keys", limits.stream().map(Limit::key).toArray(String[]::new))
			.bind("limits", limits.stream().map(Limit::limit).toArray(Integer[]::new))
			.bind("window", (double) window.toSeconds())
			.bind("ceiling", ceiling)
			.map(row -> row.get("retry_after", Long.class))
			.one());
	}

	/**
	 * Gives back the attempt a success reserved against {@code key}, while the window it
	 * was counted in lasts: an attempt that succeeded does not count as a failure.
	 */
	public Mono<Void> giveBack(String key, Duration window) {
		return this.database.run(this.database.client()
			.sql("UPDATE auth.sign_in_attempts SET failures = failures - 1 WHERE key = :key AND failures > 0 "
					+ "AND window_started_at > now() - make_interval(secs => :window)")
			.bind("key", key)
			.bind("window", (double) window.toSeconds())
			.then());
	}

	/**
	 * Forgets the attempts of {@code key}: a successful sign-in clears its e-mail's
	 * count.
	 */
	public Mono<Void> clear(String key) {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.sign_in_attempts WHERE key = :key")
			.bind("key", key)
			.then());
	}

	/**
	 * Deletes the windows that have ended; {@code longestWindow} is the longest any kind
	 * of key has.
	 */
	public Mono<Long> purge(Duration longestWindow) {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.sign_in_attempts WHERE window_started_at <= now() - make_interval(secs => :window)")
			.bind("window", (double) longestWindow.toSeconds())
			.fetch()
			.rowsUpdated());
	}

}
