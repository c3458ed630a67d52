package dev.authbridge.db;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * {@code auth.email_tokens}: the single-use tokens of the links the bridge mails, kept
 * only as their SHA-256 (the caller hashes), each for one {@code purpose} and one
 * account, valid until PostgreSQL's clock passes its expiry.
 */
public final class EmailTokenStore {

	/** How long used and expired tokens are kept before {@link #purge}. */
	static final Duration KEPT = Duration.ofDays(1);

	private final Database database;

	public EmailTokenStore(Database database) {
		this.database = database;
	}

	/** Stores a token for {@code account}, usable for {@code maxAge} from now. */
	public Mono<Void> issue(byte[] hash, String purpose, UUID account, Duration maxAge) {
		return this.database.run(this.database.client()
			.sql("INSERT INTO auth.email_tokens (token_hash, purpose, account_id, expires_at) "
					+ "VALUES (:hash, :purpose, :account, now() + make_interval(secs => :seconds))")
			.bind("hash", ByteBuffer.wrap(hash))
			.bind("purpose", purpose)
			.bind("account", account)
			.bind("seconds", (double) maxAge.toSeconds())
			.then());
	}

	/** Deletes a token whose mail was not sent, so that no usable token is left. */
	public Mono<Void> withdraw(byte[] hash) {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.email_tokens WHERE token_hash = :hash")
			.bind("hash", ByteBuffer.wrap(hash))
			.then());
	}

	/** Whether the token is unused and unexpired, without using it. */
	public Mono<Boolean> usable(byte[] hash, String purpose) {
		return this.database.run(this.database.client()
			.sql("SELECT count(*) AS usable FROM auth.email_tokens WHERE token_hash = :hash AND purpose = :purpose "
					+ "AND used_at IS NULL AND expires_at > now()")
			.bind("hash", ByteBuffer.wrap(hash))
			.bind("purpose", purpose)
			.map(row -> row.get("usable", Long.class) > 0)
			.one());
	}

	/**
	 * Uses the token up and runs {@code andThen} with its account, in one transaction:
	 * when {@code andThen} fails the token stays usable. Empty when the token is unknown,
	 * used or expired; of two racing redemptions one gets the account.
	 */
	public <T> Mono<T> redeem(byte[] hash, String purpose, Function<UUID, Mono<T>> andThen) {
		return this.database.transaction(this.database.client()
			.sql("UPDATE auth.email_tokens SET used_at = now() WHERE token_hash = :hash AND purpose = :purpose "
					+ "AND used_at IS NULL AND expires_at > now() RETURNING account_id")
			.bind("hash", ByteBuffer.wrap(hash))
			.bind("purpose", purpose)
			.map(row -> row.get("account_id", UUID.class))
			.one()
			.flatMap(andThen));
	}

	/** Deletes the tokens used or expired more than a day ago. */
	public Mono<Long> purge() {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.email_tokens WHERE coalesce(used_at, expires_at) <= now() - "
					+ "make_interval(secs => :kept)")
			.bind("kept", (double) KEPT.toSeconds())
			.fetch()
			.rowsUpdated());
	}

}
