package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionTokensTests {

	/**
	 * Long enough to sign HS512 with, so a right-key-wrong-algorithm token can be built.
	 */
	static final String SECRET = "session-secret-for-tests-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF";

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	static final Duration MAX_AGE = Duration.ofDays(30);

	static final Duration UPDATE_AGE = Duration.ofHours(24);

	static final SessionUser USER = new SessionUser("github|42", "Ada Lovelace", "ada@example.com",
			"https://avatars.example.com/ada.png", "github", new HasuraRoles("user", List.of("user", "editor")));

	static final SessionTokens TOKENS = tokens(Clock.fixed(NOW, ZoneOffset.UTC));

	private final MutableClock clock = new MutableClock(NOW);

	private final SessionTokens tokens = tokens(this.clock);

	@Test
	void issueWhenVerifiedThenSameUserAndId() throws Exception {
		SignedSession signed = this.tokens.issue(USER);
		Session session = this.tokens.verify(signed.token());
		assertThat(session.user()).isEqualTo(USER);
		assertThat(session.id()).isEqualTo(UUID.fromString(session.id()).toString());
		assertThat(session.expiresAt()).isEqualTo(signed.expiresAt());
	}

	@Test
	void issueWhenOptionalFieldsAbsentThenVerifiedWithNulls() throws Exception {
		SessionUser bare = new SessionUser("auth0|7", null, null, null, "auth0", new HasuraRoles("user", List.of()));
		SignedSession signed = this.tokens.issue(bare);
		assertThat(payload(signed.token())).doesNotContainKeys("name", "email", "picture");
		assertThat(this.tokens.verify(signed.token()).user()).isEqualTo(bare);
	}

	@Test
	void issueWhenAddressProvedThenEmailVerifiedKeptToTheSecondAcrossARoll() throws Exception {
		Instant proved = Instant.parse("2026-12-01T10:15:30.123456Z");
		SessionUser verified = new SessionUser("credentials|1", null, "ada@example.com", null, "credentials",
				new HasuraRoles("user", List.of()), proved);

		SignedSession signed = this.tokens.issue(verified);
		Session session = this.tokens.verify(signed.token());
		this.clock.set(session.issuedAt().plus(UPDATE_AGE));
		Session rolled = this.tokens.verify(this.tokens.rollIfDue(session).orElseThrow().token());

		assertThat(payload(signed.token())).containsEntry(SessionTokens.EMAIL_VERIFIED, proved.getEpochSecond());
		assertThat(session.user().emailVerified()).isEqualTo(Instant.parse("2026-12-01T10:15:30Z"));
		assertThat(rolled.user().emailVerified()).isEqualTo(session.user().emailVerified());
	}

	@Test
	void verifyWhenCookieSignedBeforeTheClaimExistedThenEmailNotVerified() throws Exception {
		SessionUser verified = new SessionUser("credentials|1", null, null, null, "credentials",
				new HasuraRoles("user", List.of()), Instant.now());
		Map<String, Object> old = payload(TOKENS.issue(verified).token());
		assertThat(old.remove(SessionTokens.EMAIL_VERIFIED)).isNotNull();

		assertThat(TOKENS.verify(sign(JWSAlgorithm.HS256, old, SECRET)).user().emailVerified()).isNull();
	}

	@Test
	void issueWhenCalledTwiceThenDifferentIds() throws Exception {
		String first = this.tokens.verify(this.tokens.issue(USER).token()).id();
		String second = this.tokens.verify(this.tokens.issue(USER).token()).id();
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void issueWhenNowThenIatFiveSecondsBackAndExpAfterMaxAge() throws Exception {
		SignedSession signed = this.tokens.issue(USER);
		Map<String, Object> payload = payload(signed.token());
		assertThat(payload.get("iat")).isEqualTo(NOW.minusSeconds(5).getEpochSecond());
		assertThat(payload.get("exp")).isEqualTo(NOW.plus(MAX_AGE).getEpochSecond());
		assertThat(signed.expiresAt()).isEqualTo(NOW.plus(MAX_AGE));
		Session session = this.tokens.verify(signed.token());
		assertThat(session.issuedAt()).isEqualTo(NOW.minusSeconds(5));
		assertThat(session.expiresAt()).isEqualTo(NOW.plus(MAX_AGE));
	}

	@Test
	void issueWhenClockHasMillisThenExpInWholeSeconds() {
		this.clock.set(NOW.plusMillis(750));
		assertThat(this.tokens.issue(USER).expiresAt()).isEqualTo(NOW.plus(MAX_AGE));
	}

	@Test
	void issueThenHs256JwtHeaderAndPayloadClaims() throws Exception {
		JWSObject jws = JWSObject.parse(this.tokens.issue(USER).token());
		assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(jws.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		Map<String, Object> payload = jws.getPayload().toJSONObject();
		assertThat(payload).containsEntry("sub", "github|42")
			.containsEntry("name", "Ada Lovelace")
			.containsEntry("email", "ada@example.com")
			.containsEntry("picture", "https://avatars.example.com/ada.png")
			.containsEntry("provider", "github")
			.containsEntry("role", "user")
			.containsEntry("roles", List.of("user", "editor"))
			.doesNotContainKey(HasuraJwtConfig.DEFAULT_NAMESPACE);
	}

	@Test
	void verifyWhenExpIsNowThenExpired() {
		SignedSession signed = this.tokens.issue(USER);
		this.clock.set(signed.expiresAt().minusSeconds(1));
		assertThat(verifies(this.tokens, signed.token())).isTrue();
		this.clock.set(signed.expiresAt());
		assertRejected(this.tokens, signed.token(), "expired");
		this.clock.advance(Duration.ofDays(1));
		assertRejected(this.tokens, signed.token(), "expired");
	}

	@Test
	void verifyWhenIatWithinClockSkewThenAccepted() throws Exception {
		Map<String, Object> payload = validPayload();
		payload.put("iat", NOW.plus(SessionTokens.CLOCK_SKEW).getEpochSecond());
		assertThat(TOKENS.verify(sign(JWSAlgorithm.HS256, payload, SECRET)).user()).isEqualTo(USER);
	}

	static Stream<Arguments> rejectedTokens() {
		return Stream.of(rejected("alg none", () -> unsecured(validPayload()), "malformed"),
				rejected("HS384 signed with the right key", () -> sign(JWSAlgorithm.HS384, validPayload(), SECRET),
						"algorithm_not_allowed"),
				rejected("HS512 signed with the right key", () -> sign(JWSAlgorithm.HS512, validPayload(), SECRET),
						"algorithm_not_allowed"),
				rejected("RS256", () -> rs256(validPayload()), "algorithm_not_allowed"),
				rejected("signed with another key",
						() -> sign(JWSAlgorithm.HS256, validPayload(), "another-secret-of-at-least-32-characters!!"),
						"bad_signature"),
				rejected("tampered payload", SessionTokensTests::tamperedPayload, "bad_signature"),
				rejected("signature cut short", () -> {
					String token = TOKENS.issue(USER).token();
					return token.substring(0, token.length() - 4);
				}, "bad_signature"),
				rejected("surrounded by whitespace", () -> " " + TOKENS.issue(USER).token() + "\t", "malformed"),
				rejected("signature's last character with other unused bits", () -> {
					String token = TOKENS.issue(USER).token();
					String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
					char last = token.charAt(token.length() - 1);
					return token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
				}, "malformed"), rejected("signature removed", () -> {
					String token = TOKENS.issue(USER).token();
					return token.substring(0, token.lastIndexOf('.') + 1);
				}, "malformed"), rejected("two parts only", () -> {
					String token = TOKENS.issue(USER).token();
					return token.substring(0, token.lastIndexOf('.'));
				}, "malformed"), rejected("garbage", () -> "garbage", "malformed"),
				rejected("empty", () -> "", "malformed"),
				rejected("garbage in three parts", () -> "a.b.c", "malformed"), rejected("payload not JSON",
						() -> signRaw(JWSAlgorithm.HS256, new Payload("not json"), SECRET), "malformed"),
				rejected("oversized", () -> {
					Map<String, Object> payload = validPayload();
					payload.put("name", "n".repeat(SessionTokens.MAX_TOKEN_LENGTH));
					return sign(JWSAlgorithm.HS256, payload, SECRET);
				}, "too_large"),
				rejected("exp in the past", () -> with(p -> p.put("exp", NOW.minusSeconds(1).getEpochSecond())),
						"expired"),
				rejected("exp now", () -> with(p -> p.put("exp", NOW.getEpochSecond())), "expired"),
				rejected("missing exp", () -> with(p -> p.remove("exp")), "missing_time_claims"),
				rejected("exp a string",
						() -> with(p -> p.put("exp", String.valueOf(NOW.plusSeconds(60).getEpochSecond()))),
						"missing_time_claims"),
				rejected("exp beyond any date", () -> with(p -> p.put("exp", 1e300)), "missing_time_claims"),
				rejected("iat before any date", () -> with(p -> p.put("iat", -1e300)), "missing_time_claims"),
				rejected("missing iat", () -> with(p -> p.remove("iat")), "missing_time_claims"),
				rejected("iat 61 s in the future",
						() -> with(
								p -> p.put("iat", NOW.plus(SessionTokens.CLOCK_SKEW).plusSeconds(1).getEpochSecond())),
						"issued_in_future"),
				rejected("missing sub", () -> with(p -> p.remove("sub")), "bad_claim_sub"),
				rejected("empty sub", () -> with(p -> p.put("sub", "")), "bad_claim_sub"),
				rejected("sub a number", () -> with(p -> p.put("sub", 42)), "bad_claim_sub"),
				rejected("blank sub", () -> with(p -> p.put("sub", " ")), "bad_claim_sub"),
				rejected("missing provider", () -> with(p -> p.remove("provider")), "bad_claim_provider"),
				rejected("missing jti", () -> with(p -> p.remove("jti")), "bad_claim_jti"),
				rejected("name a number", () -> with(p -> p.put("name", 7)), "bad_claim_name"),
				rejected("missing role", () -> with(p -> p.remove("role")), "bad_claim_role"),
				rejected("role a number", () -> with(p -> p.put("role", 1)), "bad_claim_role"),
				rejected("role blank", () -> with(p -> p.put("role", " ")), "bad_claim_roles"),
				rejected("missing roles", () -> with(p -> p.remove("roles")), "bad_claim_roles"),
				rejected("roles not an array", () -> with(p -> p.put("roles", "user")), "bad_claim_roles"),
				rejected("roles with a number", () -> with(p -> p.put("roles", List.of("user", 1))), "bad_claim_roles"),
				rejected("Hasura claims in place of the session's roles", () -> with(p -> {
					p.remove("role");
					p.remove("roles");
					p.put(HasuraJwtConfig.DEFAULT_NAMESPACE, Map.of("x-hasura-default-role", "user",
							"x-hasura-allowed-roles", List.of("user"), "x-hasura-user-id", "github|42"));
				}), "bad_claim_role"),
				rejected("epoch negative", () -> with(p -> p.put(SessionTokens.EPOCH, -1)), "bad_claim_epoch"),
				rejected("epoch fractional", () -> with(p -> p.put(SessionTokens.EPOCH, 2.5)), "bad_claim_epoch"),
				rejected("epoch a string", () -> with(p -> p.put(SessionTokens.EPOCH, "3")), "bad_claim_epoch"),
				rejected("epoch a boolean", () -> with(p -> p.put(SessionTokens.EPOCH, true)), "bad_claim_epoch"),
				rejected("epoch beyond any long", () -> with(p -> p.put(SessionTokens.EPOCH, 1e300)),
						"bad_claim_epoch"),
				rejected("email verified a string",
						() -> with(p -> p.put(SessionTokens.EMAIL_VERIFIED, "2026-12-01T10:15:30Z")),
						"bad_claim_email_verified"),
				rejected("email verified beyond any time", () -> with(p -> p.put(SessionTokens.EMAIL_VERIFIED, 1e300)),
						"bad_claim_email_verified"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rejectedTokens")
	void verifyWhenTokenNotToBeHonouredThenInvalidWithReason(Supplier<String> token, String reason) {
		assertRejected(TOKENS, token.get(), reason);
	}

	@Test
	void verifyWhenFixturePayloadThenAccepted() throws Exception {
		// The rejected cases each change one thing in this payload; it must be valid as
		// it is.
		assertThat(TOKENS.verify(sign(JWSAlgorithm.HS256, validPayload(), SECRET)).user()).isEqualTo(USER);
	}

	@Test
	void rollIfDueWhenYoungerThanUpdateAgeThenEmpty() throws Exception {
		Session session = this.tokens.verify(this.tokens.issue(USER).token());
		this.clock.set(session.issuedAt().plus(UPDATE_AGE).minusSeconds(1));
		assertThat(this.tokens.rollIfDue(session)).isEmpty();
	}

	@Test
	void rollIfDueWhenUpdateAgeReachedThenNewExpiryAndSameId() throws Exception {
		Session session = this.tokens.verify(this.tokens.issue(USER).token());
		Instant later = session.issuedAt().plus(UPDATE_AGE);
		this.clock.set(later);
		Optional<SignedSession> rolled = this.tokens.rollIfDue(session);
		assertThat(rolled).isPresent();
		assertThat(rolled.get().expiresAt()).isEqualTo(later.plus(MAX_AGE)).isAfter(session.expiresAt());
		Session renewed = this.tokens.verify(rolled.get().token());
		assertThat(renewed.id()).isEqualTo(session.id());
		assertThat(renewed.user()).isEqualTo(USER);
		assertThat(renewed.issuedAt()).isEqualTo(later.minusSeconds(5));
		assertThat(renewed.expiresAt()).isEqualTo(later.plus(MAX_AGE));
	}

	@Test
	void issueWhenEpochThenVerifiedWithIt() throws Exception {
		String token = this.tokens.issue(USER, 3).token();
		assertThat(payload(token)).containsEntry(SessionTokens.EPOCH, 3L);
		assertThat(this.tokens.verify(token).epoch()).isEqualTo(3);
		assertThat(this.tokens.verify(token).user()).isEqualTo(USER);
	}

	@Test
	void issueWhenNoEpochThenNoClaimAndEpochZero() throws Exception {
		for (SignedSession signed : List.of(this.tokens.issue(USER), this.tokens.issue(USER, 0))) {
			assertThat(payload(signed.token())).doesNotContainKey(SessionTokens.EPOCH);
			assertThat(this.tokens.verify(signed.token()).epoch()).isZero();
		}
	}

	@Test
	void verifyWhenEpochClaimZeroThenEpochZero() throws Exception {
		assertThat(TOKENS.verify(with(p -> p.put(SessionTokens.EPOCH, 0))).epoch()).isZero();
	}

	@Test
	void rollIfDueWhenEpochThenRolledSessionKeepsIt() throws Exception {
		Session session = this.tokens.verify(this.tokens.issue(USER, 7).token());
		this.clock.set(session.issuedAt().plus(UPDATE_AGE));
		Session renewed = this.tokens.verify(this.tokens.rollIfDue(session).orElseThrow().token());
		assertThat(renewed.epoch()).isEqualTo(7);
		assertThat(renewed.id()).isEqualTo(session.id());
	}

	@Test
	void maxAgeThenConfiguredLifetime() {
		assertThat(this.tokens.maxAge()).isEqualTo(MAX_AGE);
	}

	static SessionTokens tokens(Clock clock) {
		return new SessionTokens(SECRET.getBytes(StandardCharsets.UTF_8), MAX_AGE, UPDATE_AGE, clock);
	}

	static void assertRejected(SessionTokens tokens, String token, String reason) {
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> tokens.verify(token))
			.withMessage(reason);
	}

	static boolean verifies(SessionTokens tokens, String token) {
		try {
			tokens.verify(token);
			return true;
		}
		catch (InvalidTokenException ex) {
			return false;
		}
	}

	static Arguments rejected(String name, Supplier<String> token, String reason) {
		return arguments(named(name, token), reason);
	}

	/** The payload of a token issued at {@link #NOW}, as a mutable map. */
	static Map<String, Object> validPayload() {
		return payload(TOKENS.issue(USER).token());
	}

	static String with(Consumer<Map<String, Object>> change) {
		Map<String, Object> payload = validPayload();
		change.accept(payload);
		return sign(JWSAlgorithm.HS256, payload, SECRET);
	}

	static Map<String, Object> payload(String token) {
		try {
			return new LinkedHashMap<>(JWSObject.parse(token).getPayload().toJSONObject());
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sign(JWSAlgorithm algorithm, Map<String, Object> payload, String key) {
		return signRaw(algorithm, new Payload(payload), key);
	}

	static String signRaw(JWSAlgorithm algorithm, Payload payload, String key) {
		try {
			return sign(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), payload,
					new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (com.nimbusds.jose.KeyLengthException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String rs256(Map<String, Object> payload) {
		try {
			return sign(new JWSHeader(JWSAlgorithm.RS256), new Payload(payload),
					new RSASSASigner(new RSAKeyGenerator(2048).generate()));
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sign(JWSHeader header, Payload payload, JWSSigner signer) {
		JWSObject jws = new JWSObject(header, payload);
		try {
			jws.sign(signer);
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jws.serialize();
	}

	/**
	 * An unsecured JWS (RFC 7515 Appendix A.5): header {"alg":"none"}, the payload, an
	 * empty signature.
	 */
	static String unsecured(Map<String, Object> payload) {
		return Base64URL.encode("{\"alg\":\"none\"}") + "." + new Payload(payload).toBase64URL() + ".";
	}

	/**
	 * A genuine token whose payload part is swapped for another user's, keeping the
	 * original signature.
	 */
	static String tamperedPayload() {
		String[] parts = TOKENS.issue(USER).token().split("\\.");
		Map<String, Object> payload = validPayload();
		payload.put("sub", "github|1");
		return parts[0] + "." + new Payload(payload).toBase64URL() + "." + parts[2];
	}

}
