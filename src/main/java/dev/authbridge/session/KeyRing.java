package dev.authbridge.session;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The asymmetric keys access tokens are signed and checked with, held in memory so that
 * {@code /api/auth/session} does no I/O: each with the instant it starts signing. The
 * signing key is the one that started last; every key held is published in
 * {@code /api/auth/jwks}, those not signing yet and those that stopped alike. A static
 * key pair is a ring of one key that has always signed; rotating keys are
 * {@linkplain #load loaded} again and again from PostgreSQL.
 */
public final class KeyRing {

	private static final Instant ALWAYS = Instant.EPOCH;

	private final Sinks.Empty<Void> firstAttempt = Sinks.empty();

	private final Duration wait;

	private volatile Held held = new Held(List.of(), Map.of(), List.of());

	private KeyRing(Duration wait) {
		this.wait = wait;
	}

	/** A ring of {@code key} alone, signing from the start. */
	public static KeyRing of(AccessTokenKey key) {
		KeyRing ring = new KeyRing(Duration.ZERO);
		ring.load(List.of(new Timed(key, ALWAYS)));
		return ring;
	}

	/**
	 * A ring without keys until the first {@link #load}; until the first attempt to load
	 * them is over, {@link #firstLoad()} waits at most {@code wait} for it.
	 */
	public static KeyRing empty(Duration wait) {
		return new KeyRing(wait);
	}

	/**
	 * Holds {@code keys} from now on, in place of those held before.
	 */
	public void load(List<Timed> keys) {
		Map<String, Signing> before = new HashMap<>();
		this.held.newestFirst().forEach(signing -> before.put(signing.key().keyId(), signing));
		List<Signing> newestFirst = keys.stream().map(timed -> {
			Signing known = before.get(timed.key().keyId());
			return known != null && known.from().equals(timed.from()) ? known : Signing.of(timed);
		}).sorted(Comparator.comparing(Signing::from).reversed()).toList();
		Map<String, AccessTokenKey> byId = new HashMap<>();
		newestFirst.forEach(signing -> byId.put(signing.key().keyId(), signing.key()));
		this.held = new Held(newestFirst, Map.copyOf(byId),
				newestFirst.stream().map(signing -> signing.key().publicJwk()).toList());
		attempted();
	}

	/**
	 * An attempt to load the keys is over, whatever its outcome: what waits in
	 * {@link #firstLoad()} goes on.
	 */
	public void attempted() {
		this.firstAttempt.tryEmitEmpty();
	}

	/** Whether a key signs now or later: false only before the keys are loaded. */
	public boolean loaded() {
		return !this.held.newestFirst().isEmpty();
	}

	/**
	 * Completes at once when keys are held, else when the first attempt to load them is
	 * over, or after the ring's wait: whichever comes first.
	 */
	public Mono<Void> firstLoad() {
		return loaded() ? Mono.empty() : this.firstAttempt.asMono().timeout(this.wait, Mono.empty());
	}

	/** The public JWKs of every key held, newest first. */
	public List<Map<String, Object>> publicJwks() {
		return this.held.jwks();
	}

	/**
	 * The signer of the key that signs at {@code now}.
	 * @throws KeysUnavailableException when none does: the keys are not loaded yet
	 */
	Jws.Signer signer(Instant now) {
		for (Signing signing : this.held.newestFirst()) {
			if (!signing.from().isAfter(now)) {
				return signing.signer();
			}
		}
		throw new KeysUnavailableException();
	}

	/**
	 * Whether {@code jws} is signed by the held key its {@code kid} names, with that
	 * key's algorithm.
	 */
	boolean verify(JWSObject jws) {
		String keyId = jws.getHeader().getKeyID();
		AccessTokenKey key = keyId == null ? null : this.held.byId().get(keyId);
		return key != null && key.algorithm().equals(jws.getHeader().getAlgorithm())
				&& key.verify(jws.getSigningInput(), jws.getSignature().decode());
	}

	/**
	 * A key and the instant it starts signing.
	 *
	 * @param key the key pair
	 * @param from when it starts signing (it is published from when it is loaded)
	 */
	public record Timed(AccessTokenKey key, Instant from) {
	}

	/** A loaded key with its signer, whose header is encoded once. */
	private record Signing(AccessTokenKey key, Instant from, Jws.Signer signer) {

		static Signing of(Timed timed) {
			AccessTokenKey key = timed.key();
			// the kid lets a verifier pick the key from a JWK Set (RFC 7515 §4.1.4)
			JWSHeader header = new JWSHeader.Builder(key.algorithm()).type(JOSEObjectType.JWT)
				.keyID(key.keyId())
				.build();
			return new Signing(key, timed.from(), new Jws.Signer(header, key));
		}

	}

	private record Held(List<Signing> newestFirst, Map<String, AccessTokenKey> byId, List<Map<String, Object>> jwks) {
	}

}
