package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTests {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	static final String SHAPE_PROBLEM = "DATABASE_URL is not a PostgreSQL URL: set it like "
			+ "postgres://authbridge:password@localhost:5432/authbridge (or r2dbc:postgresql://…), "
			+ "or leave it empty to run without accounts";

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					postgres://app:s3cret@db.internal:5432/appdb          | r2dbc:postgresql://app:s3cret@db.internal:5432/appdb
					postgresql://app:s3cret@db.internal:5432/appdb        | r2dbc:postgresql://app:s3cret@db.internal:5432/appdb
					r2dbc:postgresql://app:s3cret@db.internal:5432/appdb  | r2dbc:postgresql://app:s3cret@db.internal:5432/appdb
					POSTGRES://app:s3cret@db.internal/appdb               | r2dbc:postgresql://app:s3cret@db.internal/appdb
					'  postgres://app@db.internal/appdb  '                | r2dbc:postgresql://app@db.internal/appdb
					postgres://app:s3cret@db.internal/appdb?sslmode=require | r2dbc:postgresql://app:s3cret@db.internal/appdb?sslMode=require
					postgres://db.internal/appdb?connectTimeout=3&sslmode=verify-full | r2dbc:postgresql://db.internal/appdb?connectTimeout=3&sslMode=verify-full
					""")
	void decideWhenPostgresUrlThenR2dbcForm(String url, String r2dbc) {
		List<String> problems = new ArrayList<>();
		Optional<DatabaseUrl> decided = DatabaseUrl.decide(url, 10, TIMEOUT, problems);
		assertThat(problems).isEmpty();
		assertThat(decided).get().extracting(DatabaseUrl::r2dbcUrl).isEqualTo(r2dbc);
	}

	@Test
	void decideWhenPostgresUrlThenHostPortDatabaseAndCredentialsParsed() {
		ConnectionFactoryOptions options = decided("postgres://app:s3cret@db.internal:6543/appdb").options();
		assertThat(options.getValue(ConnectionFactoryOptions.DRIVER)).isEqualTo("postgresql");
		assertThat(options.getValue(ConnectionFactoryOptions.HOST)).isEqualTo("db.internal");
		assertThat(options.getValue(ConnectionFactoryOptions.PORT)).isEqualTo(6543);
		assertThat(options.getValue(ConnectionFactoryOptions.DATABASE)).isEqualTo("appdb");
		assertThat(options.getValue(ConnectionFactoryOptions.USER)).isEqualTo("app");
		assertThat(options.getValue(ConnectionFactoryOptions.PASSWORD)).hasToString("s3cret");
	}

	@Test
	void decideWhenLibpqSslmodeThenR2dbcSslMode() {
		ConnectionFactoryOptions options = decided("postgres://app@db.internal/appdb?sslmode=require").options();
		assertThat(options.getValue(Option.valueOf("sslMode"))).isEqualTo("require");
		assertThat(options.hasOption(Option.valueOf("sslmode"))).isFalse();
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "   " })
	void decideWhenUnsetThenEmptyWithoutProblems(String url) {
		List<String> problems = new ArrayList<>();
		assertThat(DatabaseUrl.decide(url, 10, TIMEOUT, problems)).isEmpty();
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgres://app:s3cret@db.internal:5432", "postgres://app:s3cret@db.internal:5432/",
			"postgres:///appdb", "postgres://app:s3cret@/appdb", "mysql://app:s3cret@db.internal/appdb",
			"r2dbc:mysql://app:s3cret@db.internal/appdb", "jdbc:postgresql://db.internal/appdb",
			"db.internal:5432/appdb", "not a url at all", "postgres://app:s3cret@db.internal/appdb?password=s3cret",
			"postgres://db.internal/ app" })
	void decideWhenNotAUsablePostgresUrlThenOneProblemLineWithoutTheUrl(String url) {
		List<String> problems = new ArrayList<>();
		assertThat(DatabaseUrl.decide(url, 10, TIMEOUT, problems)).isEmpty();
		assertThat(problems).containsExactly(SHAPE_PROBLEM);
		assertThat(problems.get(0)).doesNotContain("s3cret").doesNotContain("\n");
	}

	@ParameterizedTest(name = "pool size {0}")
	@ValueSource(ints = { 1, 10, 1000 })
	void decideWhenPoolSizeInRangeThenAccepted(int poolSize) {
		List<String> problems = new ArrayList<>();
		assertThat(DatabaseUrl.decide("postgres://app@db.internal/appdb", poolSize, TIMEOUT, problems)).get()
			.extracting(DatabaseUrl::poolSize)
			.isEqualTo(poolSize);
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest(name = "pool size {0}")
	@ValueSource(ints = { -1, 0, 1001 })
	void decideWhenPoolSizeOutOfRangeThenProblem(int poolSize) {
		List<String> problems = new ArrayList<>();
		assertThat(DatabaseUrl.decide("postgres://app@db.internal/appdb", poolSize, TIMEOUT, problems)).isEmpty();
		assertThat(problems).containsExactly("AUTH_DATABASE_POOL_SIZE must be between 1 and 1000 connections");
	}

	@ParameterizedTest(name = "timeout {0}")
	@NullSource
	@ValueSource(strings = { "PT0S", "PT-1S" })
	void decideWhenTimeoutNotPositiveThenProblem(Duration timeout) {
		List<String> problems = new ArrayList<>();
		assertThat(DatabaseUrl.decide("postgres://app@db.internal/appdb", 10, timeout, problems)).isEmpty();
		assertThat(problems).singleElement().asString().startsWith("AUTH_DATABASE_TIMEOUT must be a positive duration");
	}

	@Test
	void decideWhenEverythingWrongThenEveryProblemAddedAfterEarlierOnes() {
		List<String> problems = new ArrayList<>(List.of("AUTH_SECRET is only 3 characters"));
		assertThat(DatabaseUrl.decide("mysql://db/app", 0, Duration.ZERO, problems)).isEmpty();
		assertThat(problems).hasSize(4).first().isEqualTo("AUTH_SECRET is only 3 characters");
	}

	@Test
	void decideWhenValidThenTimeoutAndPoolSizeKept() {
		DatabaseUrl url = DatabaseUrl
			.decide("postgres://app@db.internal/appdb", 25, Duration.ofMillis(1500), new ArrayList<>())
			.orElseThrow();
		assertThat(url.poolSize()).isEqualTo(25);
		assertThat(url.timeout()).isEqualTo(Duration.ofMillis(1500));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					postgres://app:s3cret@db.internal:5432/appdb         | DatabaseUrl[r2dbc:postgresql://app:***@db.internal:5432/appdb]
					r2dbc:postgresql://app:s3cret@db.internal/appdb      | DatabaseUrl[r2dbc:postgresql://app:***@db.internal/appdb]
					postgres://app:s3cr%40t%3Ax@db.internal/appdb        | DatabaseUrl[r2dbc:postgresql://app:***@db.internal/appdb]
					postgres://app@db.internal:5432/appdb                | DatabaseUrl[r2dbc:postgresql://app@db.internal:5432/appdb]
					postgres://db.internal:5432/appdb                    | DatabaseUrl[r2dbc:postgresql://db.internal:5432/appdb]
					""")
	void toStringWhenPasswordThenHidden(String url, String shown) {
		DatabaseUrl decided = decided(url);
		assertThat(decided).hasToString(shown);
		assertThat(decided.toString()).doesNotContain("s3cr");
	}

	private static DatabaseUrl decided(String url) {
		List<String> problems = new ArrayList<>();
		Optional<DatabaseUrl> decided = DatabaseUrl.decide(url, 10, TIMEOUT, problems);
		assertThat(problems).isEmpty();
		return decided.orElseThrow();
	}

}
