package dev.authbridge.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The versioned schema {@code auth}: each {@code db/migration/V<n>__<what>.sql} runs
 * once, in order, recorded in {@code auth.schema_version}. A version is applied when it
 * is not recorded, not when it is above the highest recorded: versions made on branches
 * of their own (V3 landing before V2) each still run once. All of it runs in one
 * transaction under a PostgreSQL advisory lock, so instances starting together apply each
 * version exactly once and a failed migration leaves nothing half done; starting again is
 * a no-op.
 */
final class Migrations {

	/**
	 * Every migration, in order; a new one is appended here and never edited once
	 * released.
	 */
	static final List<String> SCRIPTS = List.of("V1__accounts_roles_epochs_attempts.sql",
			"V2__revocation_notifications.sql", "V3__signing_keys.sql", "V4__email_tokens.sql",
			"V5__email_verification_and_links.sql");

	private static final Pattern VERSION = Pattern.compile("V(\\d+)__(.+)\\.sql");

	/** Any fixed number: the lock only keeps two instances from migrating at once. */
	private static final long LOCK = 0x61757468627267L;

	private Migrations() {
	}

	/**
	 * Applies what is missing; emits the schema version now in place (the highest
	 * applied).
	 */
	static Mono<Integer> apply(DatabaseClient client, TransactionalOperator transactions) {
		Mono<Integer> work = client.sql("SELECT pg_advisory_xact_lock(" + LOCK + ")")
			.then()
			.then(client.sql("CREATE SCHEMA IF NOT EXISTS auth").then())
			.then(client
				.sql("CREATE TABLE IF NOT EXISTS auth.schema_version (version integer PRIMARY KEY, "
						+ "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
				.then())
			.thenMany(client.sql("SELECT version FROM auth.schema_version")
				.map(row -> row.get("version", Integer.class))
				.all())
			.collect(Collectors.toSet())
			.flatMap(applied -> Flux.fromIterable(SCRIPTS)
				.map(Migration::of)
				.filter(migration -> !applied.contains(migration.version()))
				.concatMap(migration -> client.sql(migration.sql())
					.then()
					.then(client.sql("INSERT INTO auth.schema_version (version, description) VALUES (:version, :what)")
						.bind("version", migration.version())
						.bind("what", migration.description())
						.then())
					.thenReturn(migration.version()))
				.reduce(applied.stream().max(Integer::compare).orElse(0), Math::max));
		return transactions.transactional(work);
	}

	record Migration(int version, String description, String sql) {

		static Migration of(String script) {
			Matcher name = VERSION.matcher(script);
			if (!name.matches()) {
				throw new IllegalStateException("migration " + script + " is not named V<n>__<what>.sql");
			}
			try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
				return new Migration(Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '),
						new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
