package dev.authbridge.session;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.seal.SealException;
import dev.authbridge.seal.Sealer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The decisions of key rotation, apart from where the keys are kept: whether a new key is
 * due, making it (sealed, with its times from the {@link RotationPolicy}), and opening
 * the stored keys for the {@link KeyRing}. The first key ever made signs at once: no
 * verifier can hold a copy of a key set that was always empty but for it. Every later one
 * waits its publication delay.
 */
public final class SigningKeys {

	/** The purpose of the key that seals private halves, derived from AUTH_SECRET. */
	public static final String SEALING_PURPOSE = "signing-keys";

	private static final String USE = "signing-key";

	/**
	 * The sealer's expiry, which a stored key never reaches: keys leave by their
	 * {@code unpublishAt}.
	 */
	private static final Duration SEALED_FOR = Duration.ofDays(365L * 100);

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	private final RotationPolicy policy;

	private final Sealer sealer;

	private final Clock clock;

	public SigningKeys(RotationPolicy policy, byte[] sealingKey, Clock clock) {
		this.policy = policy;
		this.sealer = new Sealer(sealingKey, clock);
		this.clock = clock;
	}

	public RotationPolicy policy() {
		return this.policy;
	}

	/**
	 * Whether a scheduled rotation is due: no key yet, or the newest made a rotation
	 * period ago.
	 */
	public boolean due(List<SealedKey> keys) {
		Instant now = this.clock.instant();
		return keys.stream()
			.map(SealedKey::createdAt)
			.max(Comparator.naturalOrder())
			.map(newest -> !newest.plus(this.policy.rotation()).isAfter(now))
			.orElse(true);
	}

	/**
	 * A new key, published from now: signing at once when {@code keys} is empty, after
	 * the publication delay otherwise.
	 */
	public SealedKey next(List<SealedKey> keys) {
		Instant now = this.clock.instant();
		AccessTokenKey key = AccessTokenKey.generate(this.policy.algorithm());
		String sealed = this.sealer.seal(USE, Map.of("kid", key.keyId(), "alg", key.algorithm().getName(), "private",
				base64(key.privateKeyPkcs8()), "public", base64(key.publicKeyX509())), SEALED_FOR);
		Instant signsFrom = keys.isEmpty() ? now : now.plus(this.policy.publicationDelay());
		return new SealedKey(key.keyId(), key.algorithm().getName(), JSONObjectUtils.toJSONString(key.publicJwk()),
				sealed, now, signsFrom, null);
	}

	/**
	 * When the keys that {@code next} supersedes leave the key set: a retention after it
	 * starts signing.
	 */
	public Instant supersededUntil(SealedKey next) {
		return next.signsFrom().plus(this.policy.retention());
	}

	/**
	 * The keys of {@code stored} still published now, opened; one that does not open
	 * under this AUTH_SECRET is left out (and logged, by kid only).
	 */
	public List<KeyRing.Timed> open(List<SealedKey> stored) {
		Instant now = this.clock.instant();
		List<KeyRing.Timed> open = new ArrayList<>();
		for (SealedKey key : stored) {
			if (key.unpublishAt() != null && !key.unpublishAt().isAfter(now)) {
				continue;
			}
			try {
				open.add(new KeyRing.Timed(open(key), key.signsFrom()));
			}
			catch (SealException | IllegalArgumentException ex) {
				logger.warn("Signing key " + key.kid() + " cannot be opened (" + ex.getMessage()
						+ "): was it made under another AUTH_SECRET? It is left out.");
			}
		}
		return open;
	}

	private AccessTokenKey open(SealedKey stored) throws SealException {
		Map<String, Object> claims = this.sealer.unseal(USE, stored.sealedPrivate());
		JWSAlgorithm algorithm = AccessTokenKey.GENERATED.get(stored.alg());
		if (algorithm == null || !stored.kid().equals(claims.get("kid")) || !stored.alg().equals(claims.get("alg"))
				|| !(claims.get("private") instanceof String privateKey)
				|| !(claims.get("public") instanceof String publicKey)) {
			throw new IllegalArgumentException("its sealed half belongs to another key");
		}
		AccessTokenKey key = AccessTokenKey.decode(algorithm, Base64.getDecoder().decode(privateKey),
				Base64.getDecoder().decode(publicKey));
		if (!key.keyId().equals(stored.kid())) {
			throw new IllegalArgumentException("its key pair has another thumbprint");
		}
		return key;
	}

	private static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
