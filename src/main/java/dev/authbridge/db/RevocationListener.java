package dev.authbridge.db;

import dev.authbridge.session.Revocation;
import dev.authbridge.session.SessionRevocations;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hears the revocations of every instance as they commit: one connection of its own (not
 * from the pool; {@code application_name} {@value #APPLICATION_NAME}) LISTENs on
 * {@value #CHANNEL}, which the triggers of {@code auth.session_epochs} and
 * {@code auth.ended_sessions} notify with {@code {"user":…,"epoch":…}} or
 * {@code {"session":…}}, and tells {@link SessionRevocations}. An instance hears its own
 * revocations too, so a listener of {@link SessionRevocations} may hear a session's end
 * twice.
 *
 * <p>
 * It connects once the schema is in place, so startup never waits for it. A connection
 * that drops (or one PostgreSQL refuses) is opened again after a backoff, 1 s doubling to
 * 30 s; a heartbeat every {@link #HEARTBEAT} finds one that died without a word. As
 * PostgreSQL keeps no notification for a listener that is away, each (re)connect is
 * followed by a poll of every epoch ({@link EpochPoller#pollAll}) and of the sessions
 * that ended in the last minutes (those not purged yet); a connection is only counted as
 * up once both are in.
 */
public final class RevocationListener implements AutoCloseable {

	static final String CHANNEL = "authbridge_revocations";

	static final String APPLICATION_NAME = "authbridge-listen";

	static final Duration HEARTBEAT = Duration.ofSeconds(30);

	static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(RevocationListener.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final PostgresqlConnectionFactory connections;

	private final Database database;

	private final EpochPoller poller;

	private final EndedSessionStore endedSessions;

	private final SessionRevocations revocations;

	private final Duration timeout;

	private final AtomicInteger failuresInARow = new AtomicInteger();

	private volatile boolean connected;

	private volatile boolean everConnected;

	private volatile Disposable listening;

	public RevocationListener(DatabaseUrl url, Database database, EpochPoller poller, EndedSessionStore endedSessions,
			SessionRevocations revocations) {
		this.connections = new PostgresqlConnectionFactoryProvider().create(url.options(APPLICATION_NAME));
		this.database = database;
		this.poller = poller;
		this.endedSessions = endedSessions;
		this.revocations = revocations;
		this.timeout = url.timeout();
	}

	/**
	 * Listens, from the moment the schema is in place until {@link #close()}; returns at
	 * once.
	 */
	public synchronized void start() {
		if (this.listening == null) {
			this.listening = this.database.migrated()
				.thenMany(Flux.defer(this::listenOnce)
					.retryWhen(Retry
						.from(failures -> failures.concatMap(failure -> Mono.delay(retry(failure.failure()))))))
				.subscribe();
		}
	}

	/** Whether a connection is listening now (and its first poll is in). */
	public boolean listening() {
		return this.connected;
	}

	/**
	 * The revocation {@code payload} announces, or empty when it is not one of the two
	 * shapes the triggers send.
	 */
	static Optional<Revocation> parse(String payload) {
		JsonNode notice;
		try {
			notice = json.readTree(payload == null ? "" : payload);
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
		if (notice == null || !notice.isObject()) {
			return Optional.empty();
		}
		JsonNode session = notice.get("session");
		if (session != null && session.isString() && !session.stringValue().isEmpty()) {
			return Optional.of(new Revocation.SessionEnded(session.stringValue()));
		}
		JsonNode user = notice.get("user");
		JsonNode epoch = notice.get("epoch");
		if (user != null && user.isString() && epoch != null && epoch.isIntegralNumber() && epoch.canConvertToLong()) {
			return Optional.of(new Revocation.UserSessionsEnded(user.stringValue(), epoch.longValue()));
		}
		return Optional.empty();
	}

	/**
	 * The wait before connecting again after {@code failuresInARow} failed attempts: 1 s
	 * doubling to 30 s, plus up to a fifth more at random, so that instances cut off
	 * together do not all come back in the same instant.
	 */
	static Duration backoff(int failuresInARow) {
		long millis = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(failuresInARow, 5));
		return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 5 + 1));
	}

	/** One connection, listening until it fails. */
	private Flux<Void> listenOnce() {
		return Flux.usingWhen(this.connections.create(), this::listen,
				connection -> connection.close().onErrorResume(ex -> Mono.empty()));
	}

	private Flux<Void> listen(PostgresqlConnection connection) {
		// subscribed to first: PostgreSQL's notifications are dropped while nobody is
		// subscribed
		Mono<Void> heard = connection.getNotifications()
			.doOnNext(this::hear)
			.then(Mono.error(() -> new IllegalStateException("connection closed")));
		Mono<Void> ready = connection.createStatement("LISTEN " + CHANNEL)
			.execute()
			.flatMap(PostgresqlResult::getRowsUpdated)
			.then()
			.timeout(this.timeout)
			.then(this.poller.pollAll())
			.thenMany(this.endedSessions.all())
			.doOnNext(this.revocations::ended)
			.then()
			.doOnSuccess(done -> connected());
		Mono<Void> heartbeat = Flux.interval(HEARTBEAT)
			.concatMap(tick -> connection.createStatement("SELECT 1")
				.execute()
				.flatMap(PostgresqlResult::getRowsUpdated)
				.then()
				.timeout(this.timeout))
			.then();
		return Flux.merge(heard, ready, heartbeat);
	}

	private void connected() {
		logger.info(this.everConnected ? "Listening for revocations again; what was missed polled"
				: "Listening for the revocations of every instance (PostgreSQL channel " + CHANNEL + ")");
		this.everConnected = true;
		this.failuresInARow.set(0);
		this.connected = true;
	}

	private Duration retry(Throwable failure) {
		if (this.connected) {
			this.connected = false;
			logger.warn("Lost the PostgreSQL connection that hears other instances' revocations ("
					+ Database.describe(failure) + "); reconnecting, and polling meanwhile");
		}
		else {
			logger.debug("Revocation listener not connected: " + Database.describe(failure));
		}
		return backoff(this.failuresInARow.getAndIncrement());
	}

	private void hear(Notification notification) {
		Optional<Revocation> revocation = parse(notification.getParameter());
		if (revocation.isEmpty()) {
			logger.debug("Ignored a notification on " + CHANNEL + " that is no revocation ("
					+ (notification.getParameter() == null ? 0 : notification.getParameter().length())
					+ " characters)");
		}
		else if (revocation.get() instanceof Revocation.UserSessionsEnded ended) {
			this.revocations.learn(ended.userId(), ended.epoch());
		}
		else if (revocation.get() instanceof Revocation.SessionEnded ended) {
			this.revocations.ended(ended.sessionId());
		}
	}

	@Override
	public void close() {
		Disposable running = this.listening;
		if (running != null) {
			running.dispose();
		}
		this.connected = false;
	}

}
