package dev.authbridge.db;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * {@code auth.email_tokens}: the single-use tokens of the links the bridge mails, kept
 * only as their SHA-256 (the caller hashes), each for one {@code purpose} and one
 * {@link TokenOwner} (an account, or an address without one), valid until PostgreSQL's
 * clock passes its expiry.
 */
public final class EmailTokenStore {

	/** How long used and expired tokens are kept before {@link #purge}. */
	static final Duration KEPT = Duration.ofDays(1);

	private final Database database;

	public EmailTokenStore(Database database) {
		this.database = database;
	}

	/** Stores a token for {@code owner}, usable for {@code maxAge} from now. */
	public Mono<Void> issue(byte[] hash, String purpose, TokenOwner owner, Duration maxAge) {
		return this.database.run(Database.bind(
				Database.bind(this.database.client()
					.sql("INSERT INTO auth.email_tokens (token_hash, purpose, account_id, email, expires_at) "
							+ "VALUES (:hash, :purpose, :account, :email, now() + make_interval(secs => :seconds))")
					.bind("hash", ByteBuffer.wrap(hash))
					.bind("purpose", purpose)
					.bind("seconds", (double) maxAge.toSeconds()), "account", owner.account(), UUID.class),
				"email", owner.email())
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
	 * Uses the token up and runs {@code andThen} with its owner, in one transaction: when
	 * {@code andThen} fails the token stays usable. Empty when the token is unknown, used
	 * or expired; of two racing redemptions one gets the owner.
	 */
	public <T> Mono<T> redeem(byte[] hash, String purpose, Function<TokenOwner, Mono<T>> andThen) {
		return this.database.transaction(this.database.client()
			.sql("UPDATE auth.email_tokens SET used_at = now() WHERE token_hash = :hash AND purpose = :purpose "
					+ "AND used_at IS NULL AND expires_at > now() RETURNING account_id, email")
			.bind("hash", ByteBuffer.wrap(hash))
			.bind("purpose", purpose)
			.map(row -> new TokenOwner(row.get("account_id", UUID.class), row.get("email", String.class)))
			.one()
			// what andThen does besides SQL (a Hasura upsert) fails for its own reason
			.flatMap(owner -> Database.notDatabase(andThen.apply(owner))));
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
