package dev.authbridge.db;

import dev.authbridge.session.SealedKey;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * {@code auth.signing_keys}: the access tokens' generated keys, shared by every instance.
 * Keys are added only under a PostgreSQL advisory lock, by a decision taken on the rows
 * read under it, so instances rotating at the same moment add one key, not one each.
 * Times are the instances' own (bound, never {@code now()}): the key times and the
 * instants they are compared with come from one clock.
 */
public final class SigningKeyStore {

	/**
	 * Any fixed number other than the migrations': the lock keeps two instances from
	 * adding a key at once.
	 */
	private static final long LOCK = 0x61626b657973L;

	private static final String COLUMNS = "kid, alg, public_jwk, sealed_private, created_at, signs_from, unpublish_at";

	private final Database database;

	public SigningKeyStore(Database database) {
		this.database = database;
	}

	/** Every stored key. */
	public Mono<List<SealedKey>> all() {
		return this.database.run(select());
	}

	/**
	 * Under the lock: {@code decide} is given every stored key and answers the key to
	 * add, or empty; the keys it supersedes (those no other key superseded yet) leave the
	 * set at {@code supersededUntil} of it. Emits the keys stored afterwards.
	 */
	public Mono<List<SealedKey>> addIf(Function<List<SealedKey>, Mono<SealedKey>> decide,
			Function<SealedKey, Instant> supersededUntil) {
		return this.database.transaction(this.database.client()
			.sql("SELECT pg_advisory_xact_lock(" + LOCK + ")")
			.then()
			.then(select())
			.flatMap(keys -> decide.apply(keys).flatMap(key -> add(key, supersededUntil.apply(key))).then(select())));
	}

	/** Deletes the keys unpublished before {@code now}. */
	public Mono<Long> purge(Instant now) {
		return this.database.run(this.database.client()
			.sql("DELETE FROM auth.signing_keys WHERE unpublish_at <= :now")
			.bind("now", time(now))
			.fetch()
			.rowsUpdated());
	}

	private Mono<Void> add(SealedKey key, Instant supersededUntil) {
		return this.database.client()
			.sql("UPDATE auth.signing_keys SET unpublish_at = :until WHERE unpublish_at IS NULL")
			.bind("until", time(supersededUntil))
			.then()
			.then(this.database.client()
				.sql("INSERT INTO auth.signing_keys (" + COLUMNS
						+ ") VALUES (:kid, :alg, :jwk, :sealed, :created, :signs, NULL)")
				.bind("kid", key.kid())
				.bind("alg", key.alg())
				.bind("jwk", key.publicJwk())
				.bind("sealed", key.sealedPrivate())
				.bind("created", time(key.createdAt()))
				.bind("signs", time(key.signsFrom()))
				.then());
	}

	private Mono<List<SealedKey>> select() {
		return this.database.client()
			.sql("SELECT " + COLUMNS + " FROM auth.signing_keys ORDER BY created_at")
			.map(SigningKeyStore::key)
			.all()
			.collectList();
	}

	private static SealedKey key(Readable row) {
		OffsetDateTime unpublish = row.get("unpublish_at", OffsetDateTime.class);
		return new SealedKey(row.get("kid", String.class), row.get("alg", String.class),
				row.get("public_jwk", String.class), row.get("sealed_private", String.class),
				row.get("created_at", OffsetDateTime.class).toInstant(),
				row.get("signs_from", OffsetDateTime.class).toInstant(),
				unpublish == null ? null : unpublish.toInstant());
	}

	private static OffsetDateTime time(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
