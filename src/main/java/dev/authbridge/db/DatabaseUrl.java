package dev.authbridge.db;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code DATABASE_URL}, in either form operators have at hand:
 * {@code postgres://user:password@host:5432/db} (what Hasura, Heroku and the tutorials
 * use; {@code postgresql://} too) or R2DBC's own {@code r2dbc:postgresql://…}. libpq's
 * {@code sslmode} query parameter becomes r2dbc-postgresql's {@code sslMode}. Never
 * printed with its password.
 *
 * @param r2dbcUrl the URL in R2DBC form
 * @param poolSize the most connections one instance opens
 * @param timeout the longest wait for a connection or one statement
 */
public record DatabaseUrl(String r2dbcUrl, int poolSize, Duration timeout) {

	static final String EXAMPLE = "postgres://authbridge:password@localhost:5432/authbridge";

	private static final Pattern PASSWORD = Pattern.compile("(//[^:/@]*:)[^@]*@");

	/**
	 * The database settings, or empty when {@code DATABASE_URL} is not set (the features
	 * that need it are off then). Every problem is added to {@code problems} as one line
	 * saying what to set.
	 */
	public static Optional<DatabaseUrl> decide(String url, int poolSize, Duration timeout, List<String> problems) {
		if (!isSet(url)) {
			return Optional.empty();
		}
		int before = problems.size();
		String r2dbc = r2dbcForm(url.trim());
		try {
			ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(r2dbc);
			// postgres://user:pw@/db parses with an empty host (libpq's local socket),
			// which R2DBC cannot reach
			if (!"postgresql".equals(options.getValue(ConnectionFactoryOptions.DRIVER))
					|| blank(options.getValue(ConnectionFactoryOptions.HOST))
					|| blank(options.getValue(ConnectionFactoryOptions.DATABASE))) {
				problems.add(shapeProblem());
			}
		}
		catch (IllegalArgumentException ex) {
			problems.add(shapeProblem());
		}
		if (poolSize < 1 || poolSize > 1000) {
			problems.add("AUTH_DATABASE_POOL_SIZE must be between 1 and 1000 connections");
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			problems
				.add("AUTH_DATABASE_TIMEOUT must be a positive duration: seconds (e.g. 5) or with a unit (e.g. 5s)");
		}
		return problems.size() > before ? Optional.empty() : Optional.of(new DatabaseUrl(r2dbc, poolSize, timeout));
	}

	/**
	 * Whether {@code DATABASE_URL} is set at all, the one test of whether the features
	 * that need PostgreSQL are on: {@link #decide} and the bean registrar that adds
	 * PostgreSQL's beans at startup both ask it.
	 */
	public static boolean isSet(String url) {
		return url != null && !url.isBlank();
	}

	ConnectionFactoryOptions options() {
		return ConnectionFactoryOptions.parse(this.r2dbcUrl);
	}

	/**
	 * {@link #options()} with the timeout on connecting and on each statement, and
	 * {@code applicationName} to tell the bridge's connections apart in
	 * {@code pg_stat_activity}.
	 */
	ConnectionFactoryOptions options(String applicationName) {
		return options().mutate()
			.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, this.timeout)
			.option(ConnectionFactoryOptions.STATEMENT_TIMEOUT, this.timeout)
			.option(PostgresqlConnectionFactoryProvider.APPLICATION_NAME, applicationName)
			.build();
	}

	@Override
	public String toString() {
		return "DatabaseUrl[" + PASSWORD.matcher(this.r2dbcUrl).replaceFirst("$1***@") + "]";
	}

	private static String r2dbcForm(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		String r2dbc = url;
		if (lower.startsWith("postgres://")) {
			r2dbc = "r2dbc:postgresql://" + url.substring("postgres://".length());
		}
		else if (lower.startsWith("postgresql://")) {
			r2dbc = "r2dbc:postgresql://" + url.substring("postgresql://".length());
		}
		return r2dbc.replaceAll("([?&])sslmode=", "$1sslMode=");
	}

	private static boolean blank(Object value) {
		return value == null || value.toString().isBlank();
	}

	private static String shapeProblem() {
		return "DATABASE_URL is not a PostgreSQL URL: set it like " + EXAMPLE
				+ " (or r2dbc:postgresql://…), or leave it empty to run without accounts";
	}

}
