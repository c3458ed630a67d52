package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The schema auth, applied to a real PostgreSQL: once per version, whoever starts first
 * and however often.
 */
class MigrationsTests {

	static final List<String> TABLES = List.of("accounts", "email_tokens", "ended_sessions", "schema_version",
			"session_epochs", "sign_in_attempts", "signing_keys", "user_roles");

	/**
	 * One row per script: versions may have gaps, as branches number theirs apart and
	 * merge in any order.
	 */
	static final Integer[] VERSIONS = Migrations.SCRIPTS.stream()
		.map(Migrations.Migration::of)
		.map(Migrations.Migration::version)
		.toArray(Integer[]::new);

	/** The version every script applied gives. */
	static final int LATEST = VERSIONS[VERSIONS.length - 1];

	@Test
	void startWhenFreshDatabaseThenSchemaAuthWithItsTablesAndVersionRows() throws SQLException {
		String url = TestPostgres.freshDatabase();
		try (Database database = TestPostgres.migrated(url)) {
			assertThat(database.ready()).isTrue();
		}
		assertThat(tables(url)).containsExactlyElementsOf(TABLES);
		assertThat(versionRows(url)).containsExactly(VERSIONS);
	}

	@Test
	void startWhenMigratedThenAccountIdsComeFromGenRandomUuid() throws SQLException {
		String url = TestPostgres.freshDatabase();
		TestPostgres.migrated(url).close();
		TestPostgres.execute(url, "INSERT INTO auth.accounts (email, password_hash) VALUES ('ada@example.com', 'x')");
		try (Connection connection = TestPostgres.connect(url);
				ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM auth.accounts")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getObject(1)).isInstanceOf(java.util.UUID.class);
		}
	}

	@Test
	void applyWhenAppliedTwiceThenSameVersionAndOneRowPerVersion() throws SQLException {
		String url = TestPostgres.freshDatabase();
		StepVerifier.create(apply(url)).expectNext(LATEST).verifyComplete();
		StepVerifier.create(apply(url)).expectNext(LATEST).verifyComplete();
		assertThat(versionRows(url)).containsExactly(VERSIONS);
	}

	@Test
	void applyWhenSeveralAtOnceThenEachVersionAppliedOnce() throws SQLException {
		String url = TestPostgres.freshDatabase();
		StepVerifier.create(Flux.range(0, 4).flatMap(i -> apply(url)))
			.expectNext(LATEST, LATEST, LATEST, LATEST)
			.verifyComplete();
		assertThat(versionRows(url)).containsExactly(VERSIONS);
	}

	@Test
	void startWhenTwoInstancesStartTogetherThenBothReadyAndOneVersionRow() throws SQLException {
		String url = TestPostgres.freshDatabase();
		try (Database first = new Database(TestPostgres.decide(url));
				Database second = new Database(TestPostgres.decide(url))) {
			first.start();
			second.start();
			TestPostgres.awaitReady(first);
			TestPostgres.awaitReady(second);
		}
		assertThat(versionRows(url)).containsExactly(VERSIONS);
		assertThat(tables(url)).containsExactlyElementsOf(TABLES);
	}

	@Test
	void startWhenAlreadyMigratedThenReadyAndNothingApplied() throws SQLException {
		String url = TestPostgres.freshDatabase();
		TestPostgres.migrated(url).close();
		TestPostgres.execute(url, "INSERT INTO auth.user_roles (user_id, role) VALUES ('github|1', 'editor')");
		TestPostgres.migrated(url).close();
		assertThat(versionRows(url)).containsExactly(VERSIONS);
		try (Connection connection = TestPostgres.connect(url);
				ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM auth.user_roles")) {
			rows.next();
			assertThat(rows.getInt(1)).isOne();
		}
	}

	@Test
	void scriptsWhenComparedWithTheMigrationFolderThenEveryFileListedInVersionOrder() throws IOException {
		List<String> files;
		try (Stream<Path> scripts = Files.list(Path.of("src/main/resources/db/migration"))) {
			files = scripts.map(file -> file.getFileName().toString()).sorted().toList();
		}
		assertThat(Migrations.SCRIPTS).containsExactlyInAnyOrderElementsOf(files);
		List<Integer> versions = Migrations.SCRIPTS.stream()
			.map(Migrations.Migration::of)
			.map(Migrations.Migration::version)
			.toList();
		assertThat(versions).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void applyWhenAVersionBelowTheHighestIsMissingThenItIsAppliedAlone() throws SQLException {
		String url = TestPostgres.freshDatabase();
		TestPostgres.migrated(url).close();
		TestPostgres.execute(url, "DROP TABLE auth.accounts CASCADE");
		TestPostgres.execute(url, "DELETE FROM auth.schema_version WHERE version = 1");
		StepVerifier.create(apply(url)).expectNext(LATEST).verifyComplete();
		assertThat(versionRows(url)).containsExactly(VERSIONS);
		assertThat(tables(url)).containsExactlyElementsOf(TABLES);
	}

	@Test
	void migrationOfWhenVersionedNameThenVersionDescriptionAndSql() {
		Migrations.Migration migration = Migrations.Migration.of("V1__accounts_roles_epochs_attempts.sql");
		assertThat(migration.version()).isEqualTo(1);
		assertThat(migration.description()).isEqualTo("accounts roles epochs attempts");
		assertThat(migration.sql()).contains("CREATE TABLE IF NOT EXISTS auth.accounts");
	}

	@Test
	void migrationOfWhenNameNotVersionedThenIllegalState() {
		assertThatIllegalStateException().isThrownBy(() -> Migrations.Migration.of("accounts.sql"))
			.withMessageContaining("is not named V<n>__<what>.sql");
	}

	/**
	 * {@link Migrations#apply} on connections of its own, as a separate instance would.
	 */
	static Mono<Integer> apply(String url) {
		ConnectionFactory factory = ConnectionFactories.get(TestPostgres.decide(url).options());
		return Migrations.apply(DatabaseClient.create(factory),
				TransactionalOperator.create(new R2dbcTransactionManager(factory)));
	}

	static List<String> tables(String url) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection connection = TestPostgres.connect(url);
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'auth' "
							+ "ORDER BY table_name")) {
			while (rows.next()) {
				tables.add(rows.getString(1));
			}
		}
		return tables;
	}

	static List<Integer> versionRows(String url) throws SQLException {
		List<Integer> versions = new ArrayList<>();
		try (Connection connection = TestPostgres.connect(url);
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT version FROM auth.schema_version ORDER BY version")) {
			while (rows.next()) {
				versions.add(rows.getInt(1));
			}
		}
		return versions;
	}

}
