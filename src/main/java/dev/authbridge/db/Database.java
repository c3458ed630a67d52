package dev.authbridge.db;

import dev.authbridge.startup.BackgroundWork;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The connection pool and what every store shares: one {@link DatabaseClient},
 * transactions, a timeout on every statement and one meaning for every way PostgreSQL can
 * fail to answer ({@link DatabaseUnavailableException}).
 *
 * <p>
 * The pool opens no connection at startup, so the bridge starts while PostgreSQL is down;
 * {@link #start()} applies the migrations in the background, retrying with backoff (1 s
 * doubling to 30 s) until they are in. A statement that comes while the first attempt is
 * still in flight waits for it (at most the database timeout) and then runs: a sign-up
 * sent the moment a new instance listens succeeds. After a failed attempt every store
 * answers unavailable at once until a retry succeeds, and the sign-ins that need no
 * database keep working.
 */
public final class Database implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(Database.class);

	/** How many statement timeouts a transaction may take in all. */
	static final int TRANSACTION_TIMEOUTS = 3;

	private final ConnectionPool pool;

	private final DatabaseClient client;

	private final TransactionalOperator transactions;

	private final Duration timeout;

	private final BackgroundWork<Integer> migrations;

	public Database(DatabaseUrl url) {
		ConnectionFactory connections = ConnectionFactories.get(url.options("authbridge"));
		this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
			.name("authbridge")
			.initialSize(0)
			.minIdle(0)
			.maxSize(url.poolSize())
			.maxAcquireTime(url.timeout())
			.maxCreateConnectionTime(url.timeout())
			.maxIdleTime(Duration.ofMinutes(10))
			.maxLifeTime(Duration.ofMinutes(30))
			.build());
		this.client = DatabaseClient.create(this.pool);
		this.transactions = TransactionalOperator.create(new R2dbcTransactionManager(this.pool));
		this.timeout = url.timeout();
		this.migrations = new BackgroundWork<>(
				Migrations.apply(this.client, this.transactions)
					.timeout(this.timeout.multipliedBy(6))
					.doOnNext(version -> logger.info("PostgreSQL schema auth is at version " + version)),
				Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)),
				ex -> logger.warn("PostgreSQL is not reachable yet (" + describe(ex)
						+ "); accounts answer 503 and other sign-ins keep working. Retrying."));
	}

	/**
	 * Applies the migrations in the background until they are in; a statement before then
	 * starts them itself.
	 */
	public void start() {
		this.migrations.start();
	}

	/**
	 * Completes once the first migration attempt is over, whatever its outcome, or after
	 * the database timeout.
	 */
	public Mono<Void> attempted() {
		return this.migrations.attempted().timeout(this.timeout, Mono.empty());
	}

	/**
	 * Completes once the schema is in place, however long that takes: never while
	 * PostgreSQL stays away.
	 */
	public Mono<Void> migrated() {
		return this.migrations.succeeded().then();
	}

	/**
	 * Whether the schema is in place: the stores work once it is (and PostgreSQL
	 * answers).
	 */
	public boolean ready() {
		return this.migrations.done();
	}

	/**
	 * {@code work} with the timeout and the unavailable mapping; unavailable at once
	 * before the schema is in.
	 */
	<T> Mono<T> run(Mono<T> work) {
		return run(work, this.timeout);
	}

	private <T> Mono<T> run(Mono<T> work, Duration timeout) {
		Mono<T> guarded = work.timeout(timeout)
			.onErrorMap(Database::unavailable, ex -> new DatabaseUnavailableException(describe(ex)))
			.onErrorMap(NotDatabase.class, Throwable::getCause);
		if (ready()) {
			return guarded;
		}
		return this.migrations.get()
			.timeout(this.timeout, Mono.empty())
			.switchIfEmpty(Mono.error(() -> new DatabaseUnavailableException("the auth schema is not in place yet")))
			.then(guarded);
	}

	/** {@link #run} for many rows. */
	<T> Flux<T> runMany(Flux<T> work) {
		return run(work.collectList()).flatMapIterable(rows -> rows);
	}

	/**
	 * {@link #run} in one transaction: every statement of {@code work} commits together
	 * or not at all. The whole of it may take {@link #TRANSACTION_TIMEOUTS} timeouts, so
	 * that what it does besides SQL (a sign-up's Hasura upsert, with a timeout of its
	 * own) fails for its own reason first.
	 */
	<T> Mono<T> transaction(Mono<T> work) {
		return run(this.transactions.transactional(work), this.timeout.multipliedBy(TRANSACTION_TIMEOUTS));
	}

	/**
	 * {@code work}, whose failures {@link #run} passes on as they are: what a
	 * {@link #transaction} does besides SQL (the Hasura upsert of a sign-up, say) fails
	 * for reasons of its own, not because PostgreSQL did not answer.
	 */
	static <T> Mono<T> notDatabase(Mono<T> work) {
		return work.onErrorMap(NotDatabase::new);
	}

	DatabaseClient client() {
		return this.client;
	}

	/**
	 * {@code spec} with {@code value} bound to {@code name}, or SQL NULL when it is
	 * {@code null}.
	 */
	static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String name, String value) {
		return bind(spec, name, value, String.class);
	}

	static <T> DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String name, T value,
			Class<T> type) {
		return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
	}

	/** A one-round-trip check for readiness. */
	Mono<Boolean> ping() {
		return run(this.client.sql("SELECT 1").fetch().first().map(row -> true));
	}

	@Override
	public void close() {
		this.migrations.stop();
		this.pool.dispose();
	}

	/**
	 * Anything but a constraint the caller asked about (a unique e-mail, say) means
	 * PostgreSQL did not answer.
	 */
	private static boolean unavailable(Throwable ex) {
		return !(ex instanceof DataIntegrityViolationException || ex instanceof R2dbcDataIntegrityViolationException
				|| ex instanceof DatabaseUnavailableException || ex instanceof NotDatabase);
	}

	/** What went wrong, in words that hold no URL, password or statement. */
	static String describe(Throwable ex) {
		if (ex instanceof TimeoutException) {
			return "no answer in time";
		}
		return ex.getClass().getSimpleName();
	}

	/** Carries a failure of {@link #notDatabase} work through {@link #run}'s mapping. */
	private static final class NotDatabase extends RuntimeException {

		NotDatabase(Throwable cause) {
			super(null, cause, false, false);
		}

	}

}
