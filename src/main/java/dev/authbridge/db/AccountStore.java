package dev.authbridge.db;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@code auth.accounts}: e-mail + password accounts, keyed by their normalised e-mail
 * address.
 */
public final class AccountStore {

	private static final String COLUMNS = "id, email, name, password_hash, email_verified_at";

	private final Database database;

	public AccountStore(Database database) {
		this.database = database;
	}

	/**
	 * Creates the account, then runs {@code andThen} (the shadow-user upsert, the
	 * session) in the same transaction, so that a failure there leaves no account behind.
	 * Empty when the e-mail address has an account already; two sign-ups racing for one
	 * address create one account. A failure of {@code andThen} comes out as it is (a
	 * Hasura outage is not a database outage).
	 */
	public <T> Mono<T> create(String email, String name, String passwordHash, AccountAction<T> andThen) {
		return this.database.transaction(Database
			.bind(this.database.client()
				.sql("INSERT INTO auth.accounts (email, name, password_hash) VALUES (:email, :name, :hash) "
						+ "ON CONFLICT ON CONSTRAINT accounts_email_key DO NOTHING RETURNING id")
				.bind("email", email)
				.bind("hash", passwordHash), "name", name)
			.map(row -> row.get("id", UUID.class))
			.one()
			.flatMap(id -> Database.notDatabase(andThen.apply(new Account(id, email, name, passwordHash, null)))));
	}

	/** The account of a normalised e-mail address, or empty. */
	public Mono<Account> find(String email) {
		return one(this.database.client()
			.sql("SELECT " + COLUMNS + " FROM auth.accounts WHERE email = :email")
			.bind("email", email));
	}

	/** Sets the password hash of account {@code id}; emits the account, or empty. */
	public Mono<Account> setPassword(UUID id, String passwordHash) {
		return one(this.database.client()
			.sql("UPDATE auth.accounts SET password_hash = :hash WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("hash", passwordHash));
	}

	/**
	 * Records that the owner of account {@code id} proved its address (the first time
	 * only); emits the account, or empty.
	 */
	public Mono<Account> markVerified(UUID id) {
		return one(this.database.client()
			.sql("UPDATE auth.accounts SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = :id "
					+ "RETURNING " + COLUMNS)
			.bind("id", id));
	}

	/**
	 * The account of a normalised e-mail address, made (without a password) when there is
	 * none, and locked until the transaction ends: two sign-in links of one address used
	 * at once come to one account, one after the other.
	 */
	public Mono<Account> claim(String email) {
		return one(this.database.client()
			.sql("INSERT INTO auth.accounts (email) VALUES (:email) ON CONFLICT ON CONSTRAINT accounts_email_key "
					+ "DO UPDATE SET email = EXCLUDED.email RETURNING " + COLUMNS)
			.bind("email", email));
	}

	/**
	 * Removes the password of account {@code id} when its address was never proved: it
	 * may have been set by someone else who registered the address first. Emits whether a
	 * password was removed.
	 */
	public Mono<Boolean> dropUnprovedPassword(UUID id) {
		return this.database.run(this.database.client()
			.sql("UPDATE auth.accounts SET password_hash = NULL WHERE id = :id AND email_verified_at IS NULL "
					+ "AND password_hash IS NOT NULL")
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map(rows -> rows > 0));
	}

	/** The one account {@code statement} returns, or empty. */
	private Mono<Account> one(DatabaseClient.GenericExecuteSpec statement) {
		return this.database.run(statement.map(AccountStore::account).one());
	}

	private static Account account(Readable row) {
		OffsetDateTime verified = row.get("email_verified_at", OffsetDateTime.class);
		return new Account(row.get("id", UUID.class), row.get("email", String.class), row.get("name", String.class),
				row.get("password_hash", String.class), verified == null ? null : verified.toInstant());
	}

	/** What runs with a new account, inside its transaction. */
	@FunctionalInterface
	public interface AccountAction<T> {

		Mono<T> apply(Account account);

	}

}
