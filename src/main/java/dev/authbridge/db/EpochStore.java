package dev.authbridge.db;

import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code auth.session_epochs}: sign out everywhere. Bumping a user's epoch ends every session signed before; the
 * instances learn of it by polling {@link #changedWithin}.
 */
public final class EpochStore {

	private final Database database;

	public EpochStore(Database database) {
		this.database = database;
	}

	/** Bumps the epoch of {@code userId}; emits the new one. */
	public Mono<Long> bump(String userId) {
		return this.database.run(this.database.client()
			.sql("INSERT INTO auth.session_epochs AS e (user_id, epoch) VALUES (:user, 1) ON CONFLICT (user_id) "
					+ "DO UPDATE SET epoch = e.epoch + 1, changed_at = now() RETURNING epoch")
			.bind("user", userId)
			.map(row -> row.get("epoch", Long.class))
			.one());
	}

	/** Every user's epoch changed in the last {@code window} (by PostgreSQL's clock), or every epoch when null. */
	public Flux<Map.Entry<String, Long>> changedWithin(Duration window) {
		String sql = "SELECT user_id, epoch FROM auth.session_epochs"
				+ (window == null ? "" : " WHERE changed_at > now() - make_interval(secs => :seconds)");
		var spec = this.database.client().sql(sql);
		if (window != null) {
			spec = spec.bind("seconds", (double) window.toSeconds());
		}
		return this.database.runMany(spec
			.map(row -> Map.entry(row.get("user_id", String.class), row.get("epoch", Long.class)))
			.all());
	}

}
