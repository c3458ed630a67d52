package dev.authbridge.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Real PostgreSQL for the tests of {@code db} and of the flows that need accounts. Two
 * ways to get one:
 *
 * <ul>
 * <li>{@link #freshDatabase()}: a new, empty database on the server shared by the whole
 * test JVM, as a {@code postgres://postgres@localhost:<port>/<name>} URL for
 * {@code DATABASE_URL}. The server is an embedded PostgreSQL (zonky) started on first use
 * and stopped when the JVM exits, or the server {@code TEST_DATABASE_URL} names
 * ({@code postgres://user:password@host:5432/db}; the user needs {@code CREATEDB}, and
 * the databases made there are dropped when the JVM exits). Every call gives a database
 * of its own, so tests never see each other's rows and each migration starts on a clean
 * slate.</li>
 * <li>{@link #startOwn()}: a dedicated embedded server, for tests that take PostgreSQL
 * away. {@link #stop()} shuts it down (clients then get "connection refused" on its port,
 * as when a real server is down), {@link #start()} brings it back <em>on the same port
 * with the same data directory</em>, so every URL handed out before works again and every
 * row written before is still there. {@link #close()} stops it for good and deletes its
 * data; a shutdown hook does the same for a test that forgets. Always embedded, whatever
 * {@code TEST_DATABASE_URL} says.</li>
 * </ul>
 *
 * <p>
 * {@link #migrated(String)} turns a URL into a started {@link Database} whose schema
 * {@code auth} is in place.
 */
public final class TestPostgres implements AutoCloseable {

	/**
	 * How long {@link #awaitReady} waits for the migrations: a cold embedded server
	 * answers within seconds.
	 */
	static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final String SUPERUSER = "postgres";

	private static Endpoint shared;

	private final Path dataDirectory;

	private final int port;

	private final Endpoint endpoint;

	private EmbeddedPostgres server;

	private boolean closed;

	private TestPostgres(Path dataDirectory, int port, EmbeddedPostgres server) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.server = server;
		this.endpoint = Endpoint.embedded(port);
	}

	/** A new, empty database on the shared server, as a {@code postgres://} URL. */
	public static String freshDatabase() {
		return shared().create();
	}

	/**
	 * A dedicated embedded server, running, that the caller may {@link #stop()} and
	 * {@link #start()} again. Close it when done (try-with-resources, or
	 * {@code @AfterAll}).
	 */
	public static TestPostgres startOwn() {
		try {
			Path dataDirectory = Files.createTempDirectory("authbridge-pg");
			EmbeddedPostgres server = builder(dataDirectory, 0).start();
			TestPostgres own = new TestPostgres(dataDirectory, server.getPort(), server);
			Runtime.getRuntime().addShutdownHook(new Thread(own::close, "test-postgres-cleanup"));
			return own;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start embedded PostgreSQL", ex);
		}
	}

	/** The URL of this server's {@code postgres} database. */
	public String url() {
		return this.endpoint.url(SUPERUSER);
	}

	/**
	 * A new, empty database on this server, as a {@code postgres://} URL; the server must
	 * be running.
	 */
	public String newDatabase() {
		return this.endpoint.create();
	}

	/** The port it listens on, the same across {@link #stop()} and {@link #start()}. */
	public int port() {
		return this.port;
	}

	/** Whether it is running now. */
	public synchronized boolean running() {
		return this.server != null;
	}

	/**
	 * Shuts the server down ({@code pg_ctl stop -m fast}: open connections are cut, as in
	 * a crash or a failover); its data stays. Stopping a stopped server does nothing.
	 */
	public synchronized void stop() {
		if (this.server == null) {
			return;
		}
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot stop embedded PostgreSQL", ex);
		}
		finally {
			this.server = null;
		}
	}

	/**
	 * Starts the stopped server again on the same port and data directory. Starting a
	 * running server does nothing.
	 */
	public synchronized void start() {
		if (this.closed) {
			throw new IllegalStateException("this server is closed");
		}
		if (this.server != null) {
			return;
		}
		try {
			this.server = builder(this.dataDirectory, this.port).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot restart embedded PostgreSQL on port " + this.port, ex);
		}
	}

	/** Stops the server for good and deletes its data directory. */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		stop();
		this.closed = true;
		// At JVM exit zonky's own shutdown hook may be the one stopping the server: wait
		// for it to finish
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (Files.exists(this.dataDirectory.resolve("postmaster.pid")) && System.nanoTime() < deadline) {
			sleep(Duration.ofMillis(50));
		}
		delete(this.dataDirectory);
	}

	/**
	 * A {@link Database} for {@code url} (the bridge's defaults: pool of 10, 5 s
	 * timeout), started and with its migrations in; the caller closes it.
	 */
	public static Database migrated(String url) {
		Database database = new Database(decide(url));
		database.start();
		awaitReady(database);
		return database;
	}

	/** {@code url} as the bridge decides it, with the default pool size and timeout. */
	public static DatabaseUrl decide(String url) {
		List<String> problems = new ArrayList<>();
		DatabaseUrl decided = DatabaseUrl.decide(url, 10, Duration.ofSeconds(5), problems).orElse(null);
		if (decided == null) {
			throw new IllegalArgumentException("not a usable DATABASE_URL: " + problems);
		}
		return decided;
	}

	/**
	 * Waits until {@code database} has its schema in place; fails after
	 * {@link #READY_TIMEOUT}.
	 */
	public static void awaitReady(Database database) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (!database.ready()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("schema auth not in place after " + READY_TIMEOUT);
			}
			sleep(Duration.ofMillis(50));
		}
	}

	/**
	 * A JDBC connection to the database of {@code url} (one of the {@code postgres://}
	 * URLs handed out here), to look at rows or change them behind the bridge's back; the
	 * caller closes it.
	 */
	public static Connection connect(String url) throws SQLException {
		return Endpoint.of(url).connect(URI.create(url).getPath().substring(1));
	}

	/** Runs {@code sql} on the database of {@code url}. */
	public static void execute(String url, String sql) throws SQLException {
		try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static synchronized Endpoint shared() {
		if (shared == null) {
			String external = System.getenv("TEST_DATABASE_URL");
			if (external != null && !external.isBlank()) {
				Endpoint outside = Endpoint.of(external.strip());
				Runtime.getRuntime().addShutdownHook(new Thread(outside::dropCreated, "test-postgres-cleanup"));
				shared = outside;
			}
			else {
				shared = startOwn().endpoint;
			}
		}
		return shared;
	}

	private static EmbeddedPostgres.Builder builder(Path dataDirectory, int port) {
		return EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(port)
			.setPGStartupWait(Duration.ofSeconds(30));
	}

	private static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: the machine cleans it eventually
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * Where a server listens and who to connect as.
	 *
	 * @param rawUserInfo {@code user[:password]} as it stands in a URL (percent-encoded)
	 * @param adminDatabase the database to connect to for {@code CREATE DATABASE}
	 */
	private record Endpoint(String host, int port, String rawUserInfo, String user, String password,
			String adminDatabase, List<String> created) {

		static Endpoint embedded(int port) {
			return new Endpoint("localhost", port, SUPERUSER, SUPERUSER, null, SUPERUSER, new ArrayList<>());
		}

		/** {@code postgres://user:password@host:port/db} (or {@code postgresql://}). */
		static Endpoint of(String url) {
			URI uri = URI.create(url);
			String userInfo = uri.getUserInfo() == null ? SUPERUSER : uri.getUserInfo();
			int colon = userInfo.indexOf(':');
			return new Endpoint(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(),
					uri.getRawUserInfo() == null ? SUPERUSER : uri.getRawUserInfo(),
					colon < 0 ? userInfo : userInfo.substring(0, colon),
					colon < 0 ? null : userInfo.substring(colon + 1),
					uri.getPath() == null || uri.getPath().length() <= 1 ? SUPERUSER : uri.getPath().substring(1),
					new ArrayList<>());
		}

		String url(String database) {
			return "postgres://" + this.rawUserInfo + "@" + this.host + ":" + this.port + "/" + database;
		}

		Connection connect(String database) throws SQLException {
			Properties properties = new Properties();
			properties.setProperty("user", this.user);
			if (this.password != null) {
				properties.setProperty("password", this.password);
			}
			return DriverManager.getConnection("jdbc:postgresql://" + this.host + ":" + this.port + "/" + database,
					properties);
		}

		/** Creates a database with a name no other test uses; its URL. */
		String create() {
			String name = "authbridge_test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
			try (Connection connection = connect(this.adminDatabase);
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + name);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("cannot create a test database on " + this.host + ":" + this.port, ex);
			}
			synchronized (this.created) {
				this.created.add(name);
			}
			return url(name);
		}

		/**
		 * Drops the databases {@link #create()} made: an outside server outlives the
		 * tests.
		 */
		void dropCreated() {
			synchronized (this.created) {
				try (Connection connection = connect(this.adminDatabase);
						Statement statement = connection.createStatement()) {
					for (String name : this.created) {
						statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
					}
				}
				catch (SQLException ex) {
					// best effort: the JVM is going away
				}
			}
		}

	}

}
