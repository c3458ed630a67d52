package dev.authbridge.db;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database with schema auth in place, for one test class:
 * {@code @RegisterExtension static final MigratedDatabase postgres = new MigratedDatabase();}. Tests of the class
 * share it, so each keeps to user ids and keys of its own.
 */
final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

	private String url;

	private Database database;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.url = TestPostgres.freshDatabase();
		this.database = TestPostgres.migrated(this.url);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.database.close();
	}

	/** The started pool. */
	Database database() {
		return this.database;
	}

	/** Its {@code postgres://} URL, for {@link TestPostgres#connect}. */
	String url() {
		return this.url;
	}

}
