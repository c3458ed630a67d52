package dev.authbridge.db;

import java.time.Duration;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code auth.session_epochs}: sign out everywhere. Bumping a user's epoch ends every
 * session signed before; the instances learn of it by polling {@link #changedWithin}.
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

	/** Every user's epoch. */
	public Flux<Map.Entry<String, Long>> all() {
		return entries(this.database.client().sql("SELECT user_id, epoch FROM auth.session_epochs"));
	}

	/** Every user's epoch changed in the last {@code window}, by PostgreSQL's clock. */
	public Flux<Map.Entry<String, Long>> changedWithin(Duration window) {
		return entries(this.database.client()
			.sql("SELECT user_id, epoch FROM auth.session_epochs "
					+ "WHERE changed_at > now() - make_interval(secs => :seconds)")
			.bind("seconds", (double) window.toSeconds()));
	}

	private Flux<Map.Entry<String, Long>> entries(DatabaseClient.GenericExecuteSpec query) {
		return this.database
			.runMany(query.map(row -> Map.entry(row.get("user_id", String.class), row.get("epoch", Long.class))).all());
	}

}
