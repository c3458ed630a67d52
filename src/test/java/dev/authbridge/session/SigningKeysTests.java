package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decisions of rotation without a database: when a key is due, the times a new one
 * gets, opening sealed keys, and the ring choosing the signing key by the clock.
 */
class SigningKeysTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final RotationPolicy POLICY = RotationPolicy.of(JWSAlgorithm.ES256, Duration.ofDays(30),
			Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(1));

	private static final SessionUser USER = new SessionUser("github|1", "Ada", null, null, "github",
			new HasuraRoles("user", List.of()));

	private final MutableClock clock = new MutableClock(NOW);

	private final SigningKeys keys = new SigningKeys(POLICY, key('a'), this.clock);

	@Test
	void ofWhenDefaultsThenDelayAndRetentionAreReloadPlusMaxAgePlusTokenLifetime() {
		assertThat(POLICY.publicationDelay()).isEqualTo(Duration.ofMinutes(21));
		assertThat(POLICY.retention()).isEqualTo(Duration.ofMinutes(21));
	}

	@Test
	void dueWhenNoKeyOrNewestARotationOldThenTrue() {
		SealedKey first = this.keys.next(List.of());
		assertThat(this.keys.due(List.of())).isTrue();
		assertThat(this.keys.due(List.of(first))).isFalse();
		this.clock.advance(Duration.ofDays(30).minusSeconds(1));
		assertThat(this.keys.due(List.of(first))).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.keys.due(List.of(first))).isTrue();
	}

	@Test
	void nextWhenFirstThenSignsAtOnceElseAfterThePublicationDelay() {
		SealedKey first = this.keys.next(List.of());
		SealedKey second = this.keys.next(List.of(first));

		assertThat(first.signsFrom()).isEqualTo(NOW);
		assertThat(second.createdAt()).isEqualTo(NOW);
		assertThat(second.signsFrom()).isEqualTo(NOW.plus(POLICY.publicationDelay()));
		assertThat(this.keys.supersededUntil(second)).isEqualTo(second.signsFrom().plus(POLICY.retention()));
		assertThat(first.kid()).isNotEqualTo(second.kid());
		assertThat(first.toString()).doesNotContain(first.sealedPrivate()).contains("[redacted]");
		assertThat(first.publicJwk()).contains(first.kid()).doesNotContain("\"d\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void openWhenSealedUnderTheSameSecretThenTheSameKeyPair(String algorithm) throws Exception {
		SigningKeys generated = new SigningKeys(new RotationPolicy(JWSAlgorithm.parse(algorithm), Duration.ofDays(1),
				Duration.ofMinutes(21), Duration.ofMinutes(21)), key('a'), this.clock);
		SealedKey sealed = generated.next(List.of());

		List<KeyRing.Timed> open = this.keys.open(List.of(sealed));

		assertThat(open).singleElement().satisfies(timed -> {
			assertThat(timed.key().keyId()).isEqualTo(sealed.kid());
			assertThat(timed.key().algorithm().getName()).isEqualTo(algorithm);
			assertThat(timed.from()).isEqualTo(sealed.signsFrom());
		});
		byte[] input = "probe".getBytes(StandardCharsets.US_ASCII);
		assertThat(open.get(0).key().verify(input, open.get(0).key().sign(input))).isTrue();
	}

	@Test
	void openWhenSealedUnderAnotherSecretOrUnpublishedOrTamperedThenLeftOut() {
		SealedKey foreign = new SigningKeys(POLICY, key('b'), this.clock).next(List.of());
		SealedKey own = this.keys.next(List.of());
		SealedKey unpublished = new SealedKey(own.kid(), own.alg(), own.publicJwk(), own.sealedPrivate(),
				own.createdAt(), own.signsFrom(), NOW);
		SealedKey relabelled = new SealedKey("other-kid", own.alg(), own.publicJwk(), own.sealedPrivate(),
				own.createdAt(), own.signsFrom(), null);

		assertThat(this.keys.open(List.of(foreign, unpublished, relabelled))).isEmpty();
		assertThat(this.keys.open(List.of(own))).hasSize(1);
	}

	@Test
	void ringWhenKeysStartAtTimesThenTheLatestStartedSignsAndAllVerifyByKid() throws Exception {
		SealedKey first = this.keys.next(List.of());
		SealedKey second = this.keys.next(List.of(first));
		KeyRing ring = KeyRing.empty(Duration.ZERO);
		assertThat(ring.loaded()).isFalse();
		ring.load(this.keys.open(new ArrayList<>(List.of(second, first))));
		HasuraJwtConfig hasura = HasuraJwtConfig
			.parse("{\"jwk_url\":\"http://bridge:3000/api/auth/jwks\"}", new ArrayList<>())
			.withAlgorithm(JWSAlgorithm.ES256);
		AccessTokens tokens = new AccessTokens(hasura, ring, Duration.ofMinutes(15), this.clock);

		String before = tokens.issue(USER, Instant.MAX).token();
		assertThat(tokens.verify(before).userId()).isEqualTo("github|1");
		this.clock.advance(POLICY.publicationDelay());
		String after = tokens.issue(USER, Instant.MAX).token();

		assertThat(JWSObject.parse(before).getHeader().getKeyID()).isEqualTo(first.kid());
		assertThat(JWSObject.parse(after).getHeader().getKeyID()).isEqualTo(second.kid());
		assertThat(tokens.verify(after).userId()).isEqualTo("github|1");
		assertThat(ring.publicJwks()).extracting(jwk -> jwk.get("kid")).containsExactly(second.kid(), first.kid());

		this.clock.set(NOW);
		ring.load(this.keys.open(List.of(second)));
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> tokens.verify(before))
			.withMessage("bad_signature");
	}

	@Test
	void issueWhenRingEmptyThenKeysUnavailable() {
		HasuraJwtConfig hasura = HasuraJwtConfig
			.parse("{\"jwk_url\":\"http://bridge:3000/api/auth/jwks\"}", new ArrayList<>())
			.withAlgorithm(JWSAlgorithm.RS256);
		AccessTokens tokens = new AccessTokens(hasura, KeyRing.empty(Duration.ZERO), Duration.ofMinutes(15),
				this.clock);
		assertThat(tokens.ready()).isFalse();
		assertThatExceptionOfType(KeysUnavailableException.class).isThrownBy(() -> tokens.issue(USER, Instant.MAX));
	}

	private static byte[] key(char fill) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) fill);
		return key;
	}

}
