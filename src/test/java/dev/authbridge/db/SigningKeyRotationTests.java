package dev.authbridge.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.config.BridgeSettings;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.HasuraJwtConfig;
import dev.authbridge.session.KeyRing;
import dev.authbridge.session.KeysUnavailableException;
import dev.authbridge.session.MutableClock;
import dev.authbridge.session.RotationPolicy;
import dev.authbridge.session.SealedKey;
import dev.authbridge.session.SigningKeys;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/**
 * Generated signing keys in real PostgreSQL, shared by two instances, each with its own
 * pool, ring and rotation, on one clock the test moves. The heart of it is a model of how
 * Hasura uses a {@code jwk_url}: it keeps the set it fetched for the max-age, fetches it
 * again only when that has passed, never on an unknown {@code kid}, and verifies with
 * jose4j. Across several rotations, scheduled and asked for, it accepts every token
 * either instance issued, for the whole of its life; without the publication delay it
 * does not.
 */
class SigningKeyRotationTests {

	private static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

	private static final Duration TOKEN_MAX_AGE = Duration.ofMinutes(15);

	private static final Duration RELOAD = Duration.ofMinutes(1);

	private static final Duration ROTATION = Duration.ofHours(2);

	private static final byte[] SEALING_KEY = BridgeSettings.derivedKey("s".repeat(32), SigningKeys.SEALING_PURPOSE);

	private static final SessionUser USER = new SessionUser("github|1", "Ada", null, null, "github",
			new HasuraRoles("user", List.of()));

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

	private final List<Database> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(Database::close);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void rotationWhenHasuraCachesForMaxAgeThenEveryTokenOfBothInstancesAcceptedThroughout(String algorithm)
			throws Exception {
		Simulation simulation = simulate(
				RotationPolicy.of(JWSAlgorithm.parse(algorithm), ROTATION, JWKS_MAX_AGE, TOKEN_MAX_AGE, RELOAD));

		assertThat(simulation.refused()).as("tokens the caching verifier refused").isEmpty();
		assertThat(simulation.accepted()).isGreaterThan(2000);
		assertThat(simulation.signingKeys()).as("keys that signed").hasSizeGreaterThanOrEqualTo(5);
	}

	@Test
	void rotationWhenPublicationDelayRemovedThenTheCachingVerifierRefusesTokens() throws Exception {
		RotationPolicy withDelay = RotationPolicy.of(JWSAlgorithm.ES256, ROTATION, JWKS_MAX_AGE, TOKEN_MAX_AGE, RELOAD);
		Simulation simulation = simulate(
				new RotationPolicy(JWSAlgorithm.ES256, ROTATION, Duration.ZERO, withDelay.retention()));

		assertThat(simulation.refused()).as("the simulation notices a key signing before Hasura has it").isNotEmpty();
	}

	@Test
	void reloadWhenFreshDatabaseThenFirstKeySignsAtOnce() {
		Instance instance = instance(TestPostgres.freshDatabase(), policy());
		assertThatExceptionOfType(KeysUnavailableException.class)
			.isThrownBy(() -> instance.tokens().issue(USER, Instant.MAX));

		List<SealedKey> keys = instance.rotation().reload().block();

		assertThat(keys).singleElement().satisfies(key -> {
			assertThat(key.signsFrom()).isEqualTo(this.clock.instant());
			assertThat(key.createdAt()).isEqualTo(this.clock.instant());
			assertThat(key.unpublishAt()).isNull();
		});
		assertThat(kid(instance.tokens().issue(USER, Instant.MAX).token())).isEqualTo(keys.get(0).kid());
	}

	@Test
	void reloadWhenTwoInstancesStartTogetherOnAFreshDatabaseThenOneKey() {
		String url = TestPostgres.freshDatabase();
		Instance first = instance(url, policy());
		Instance second = instance(url, policy());

		Mono.when(first.rotation().reload(), second.rotation().reload()).block();

		assertThat(first.rotation().reload().block()).hasSize(1);
		assertThat(first.ring().publicJwks()).isEqualTo(second.ring().publicJwks());
	}

	@Test
	void rotateWhenAskedThenNewKeyPublishedNowSignsAfterTheDelayAndTheOldOneRetires() {
		String url = TestPostgres.freshDatabase();
		Instance instance = instance(url, policy());
		SealedKey first = instance.rotation().reload().block().get(0);
		this.clock.advance(Duration.ofMinutes(10));

		List<SealedKey> keys = instance.rotation().rotate().block();

		SealedKey next = keys.get(1);
		Duration delay = policy().publicationDelay();
		assertThat(next.createdAt()).isEqualTo(this.clock.instant());
		assertThat(next.signsFrom()).isEqualTo(this.clock.instant().plus(delay));
		assertThat(keys.get(0).unpublishAt()).isEqualTo(next.signsFrom().plus(policy().retention()));
		assertThat(instance.ring().publicJwks()).extracting(jwk -> jwk.get("kid"))
			.containsExactlyInAnyOrder(first.kid(), next.kid());
		assertThat(kid(instance.tokens().issue(USER, Instant.MAX).token())).isEqualTo(first.kid());

		this.clock.advance(delay);
		assertThat(kid(instance.tokens().issue(USER, Instant.MAX).token())).isEqualTo(next.kid());

		this.clock.advance(policy().retention());
		assertThat(instance.rotation().reload().block()).extracting(SealedKey::kid).containsExactly(next.kid());
		assertThat(instance.ring().publicJwks()).extracting(jwk -> jwk.get("kid")).containsExactly(next.kid());
	}

	@Test
	void reloadWhenNoStoredKeyOpensUnderThisSecretThenAKeySigningAtOnceReplacesThem() {
		String url = TestPostgres.freshDatabase();
		SealedKey foreign = instance(url, policy()).rotation().reload().block().get(0);
		Instance other = instance(url, policy(),
				BridgeSettings.derivedKey("t".repeat(32), SigningKeys.SEALING_PURPOSE));

		List<SealedKey> keys = other.rotation().reload().block();

		assertThat(keys).hasSize(2);
		assertThat(keys.get(0).kid()).isEqualTo(foreign.kid());
		assertThat(keys.get(0).unpublishAt()).isEqualTo(this.clock.instant().plus(policy().retention()));
		assertThat(keys.get(1).signsFrom()).isEqualTo(this.clock.instant());
		assertThat(other.ring().publicJwks()).extracting(jwk -> jwk.get("kid")).containsExactly(keys.get(1).kid());
		assertThat(kid(other.tokens().issue(USER, Instant.MAX).token())).isEqualTo(keys.get(1).kid());
		assertThat(other.rotation().reload().block()).as("made once").hasSize(2);
	}

	/**
	 * Eight simulated hours in 30-second steps: instance A reloads on the minute,
	 * instance B on the half minute; B is also asked to rotate at once in the fourth
	 * hour. The instances issue a token in turn, one a step; the verifier checks every
	 * token not yet expired at every step, fetching the set (from A and B in turn) only
	 * when its copy is older than the max-age.
	 */
	private Simulation simulate(RotationPolicy policy) throws Exception {
		String url = TestPostgres.freshDatabase();
		Instance a = instance(url, policy);
		Instance b = instance(url, policy);
		CachingVerifier hasura = new CachingVerifier();
		List<Issued> live = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		Set<String> signingKeys = new HashSet<>();
		int accepted = 0;
		a.rotation().reload().block();
		b.rotation().reload().block();
		for (int step = 0; step < 8 * 120; step++) {
			this.clock.advance(Duration.ofSeconds(30));
			(step % 2 == 0 ? b : a).rotation().reload().block();
			if (step == 4 * 120 + 7) {
				b.rotation().rotate().block();
			}
			AccessTokens.AccessToken token = (step % 2 == 0 ? a : b).tokens().issue(USER, Instant.MAX);
			Issued issued = new Issued(token.token(), token.expiresAt(), this.clock.instant());
			signingKeys.add(kid(token.token()));
			live.removeIf(old -> !old.expiresAt().isAfter(this.clock.instant()));
			live.add(issued);
			// a token's fate changes only when the verifier's copy does: checking each
			// one
			// when issued and after every fetch covers every moment of its life
			List<Issued> checked = List.of(issued);
			if (hasura.stale(this.clock.instant())) {
				hasura.fetch((step / 2) % 2 == 0 ? a.ring() : b.ring(), this.clock.instant());
				checked = live;
			}
			for (Issued each : checked) {
				String problem = hasura.verify(each.token(), this.clock.instant());
				if (problem == null) {
					accepted++;
				}
				else {
					refused.add("token of " + each.issuedAt() + " at " + this.clock.instant() + ": " + problem);
				}
			}
		}
		return new Simulation(accepted, refused, signingKeys);
	}

	private RotationPolicy policy() {
		return RotationPolicy.of(JWSAlgorithm.ES256, ROTATION, JWKS_MAX_AGE, TOKEN_MAX_AGE, RELOAD);
	}

	private Instance instance(String url, RotationPolicy policy) {
		return instance(url, policy, SEALING_KEY);
	}

	private Instance instance(String url, RotationPolicy policy, byte[] sealingKey) {
		Database database = TestPostgres.migrated(url);
		this.pools.add(database);
		KeyRing ring = KeyRing.empty(Duration.ZERO);
		SigningKeyRotation rotation = new SigningKeyRotation(new SigningKeyStore(database),
				new SigningKeys(policy, sealingKey, this.clock), ring, RELOAD, Duration.ofSeconds(5), this.clock);
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig hasura = HasuraJwtConfig
			.parse("{\"jwk_url\":\"http://authbridge:3000/api/auth/jwks\"}", problems)
			.withAlgorithm(policy.algorithm());
		assertThat(problems).isEmpty();
		return new Instance(ring, rotation, new AccessTokens(hasura, ring, TOKEN_MAX_AGE, this.clock));
	}

	private static String kid(String token) {
		try {
			String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
					StandardCharsets.UTF_8);
			return (String) JSONObjectUtils.parse(header).get("kid");
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Instance(KeyRing ring, SigningKeyRotation rotation, AccessTokens tokens) {
	}

	private record Issued(String token, Instant expiresAt, Instant issuedAt) {
	}

	private record Simulation(int accepted, List<String> refused, Set<String> signingKeys) {
	}

	/**
	 * Hasura's use of a {@code jwk_url}, as its documentation and source describe it: the
	 * set is fetched, kept until its {@code Cache-Control: max-age} has passed, and only
	 * then fetched again; a token whose {@code kid} the kept set lacks is refused, with
	 * no fetch. Verification is jose4j's.
	 */
	private static final class CachingVerifier {

		private JsonWebKeySet keys;

		private Instant fetchedAt;

		boolean stale(Instant now) {
			return this.fetchedAt == null || !now.isBefore(this.fetchedAt.plus(JWKS_MAX_AGE));
		}

		void fetch(KeyRing served, Instant now) throws Exception {
			this.keys = new JsonWebKeySet(JSONObjectUtils.toJSONString(Map.of("keys", served.publicJwks())));
			this.fetchedAt = now;
		}

		/** Why the token is refused, or {@code null} when accepted. */
		String verify(String token, Instant now) {
			JwtConsumer consumer = new JwtConsumerBuilder()
				.setVerificationKeyResolver(new JwksVerificationKeyResolver(this.keys.getJsonWebKeys()))
				.setEvaluationTime(NumericDate.fromSeconds(now.getEpochSecond()))
				.setRequireExpirationTime()
				.setSkipDefaultAudienceValidation()
				.build();
			try {
				consumer.processToClaims(token);
				return null;
			}
			catch (InvalidJwtException ex) {
				return ex.getMessage();
			}
		}

	}

}
