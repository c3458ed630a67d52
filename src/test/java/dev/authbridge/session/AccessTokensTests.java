package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.session.AccessTokens.AccessToken;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessTokensTests {

	static final String KEY = "hasura-key-for-tests-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ";

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	static final Duration MAX_AGE = Duration.ofMinutes(15);

	static final SessionUser USER = new SessionUser("github|42", "Ada Lovelace", "ada@example.com",
			"https://avatars.example.com/ada.png", "github", new HasuraRoles("user", List.of("editor")));

	static final Map<String, Object> CLAIMS = Map.of("x-hasura-allowed-roles", List.of("user", "editor"),
			"x-hasura-default-role", "user", "x-hasura-user-id", "github|42");

	private final MutableClock clock = new MutableClock(NOW);

	@Test
	void issueWhenSessionOutlivesMaxAgeThenExpAfterMaxAge() throws Exception {
		AccessToken token = tokens("{\"type\":\"HS256\",\"key\":\"" + KEY + "\"}").issue(USER,
				NOW.plus(Duration.ofDays(30)));
		assertThat(token.expiresAt()).isEqualTo(NOW.plus(MAX_AGE));
		assertThat(payload(token).get("exp")).isEqualTo(NOW.plus(MAX_AGE).getEpochSecond());
		assertThat(payload(token).get("iat")).isEqualTo(NOW.minusSeconds(5).getEpochSecond());
	}

	@Test
	void issueWhenSessionEndsSoonerThenExpAtSessionEnd() throws Exception {
		Instant sessionEnd = NOW.plus(Duration.ofMinutes(3));
		AccessToken token = tokens("{\"type\":\"HS256\",\"key\":\"" + KEY + "\"}").issue(USER, sessionEnd);
		assertThat(token.expiresAt()).isEqualTo(sessionEnd);
		assertThat(payload(token).get("exp")).isEqualTo(sessionEnd.getEpochSecond());
	}

	@Test
	void issueWhenDefaultConfigThenOnlySubjectClaimsAndTimes() throws Exception {
		AccessToken token = tokens("{\"type\":\"HS256\",\"key\":\"" + KEY + "\"}").issue(USER, NOW.plus(MAX_AGE));
		assertThat(payload(token)).containsOnlyKeys("sub", HasuraJwtConfig.DEFAULT_NAMESPACE, "iat", "exp")
			.containsEntry("sub", "github|42")
			.containsEntry(HasuraJwtConfig.DEFAULT_NAMESPACE, CLAIMS);
	}

	static Stream<Arguments> claimsLayouts() {
		return Stream.of(arguments("{\"claims_namespace\":\"hasura\"}", List.of("hasura"), false),
				arguments("{\"claims_namespace_path\":\"$.hasura.claims\"}", List.of("hasura", "claims"), false),
				arguments("{\"claims_namespace_path\":\"$['https://x.io/claims'].inner\"}",
						List.of("https://x.io/claims", "inner"), false),
				arguments("{\"claims_format\":\"stringified_json\"}", List.of(HasuraJwtConfig.DEFAULT_NAMESPACE), true),
				arguments("{\"claims_namespace_path\":\"$.hasura\",\"claims_format\":\"stringified_json\"}",
						List.of("hasura"), true));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("claimsLayouts")
	@SuppressWarnings("unchecked")
	void issueWhenClaimsLayoutConfiguredThenClaimsThere(String layout, List<String> segments, boolean stringified)
			throws Exception {
		AccessToken token = tokens(withKey("HS256", layout)).issue(USER, NOW.plus(MAX_AGE));
		Object node = payload(token);
		for (String segment : segments) {
			node = ((Map<String, Object>) node).get(segment);
		}
		if (stringified) {
			assertThat(node).isInstanceOf(String.class);
			node = JSONObjectUtils.parse((String) node);
		}
		assertThat(node).isEqualTo(CLAIMS);
		assertThat(payload(token)).doesNotContainKey(segments.equals(List.of(HasuraJwtConfig.DEFAULT_NAMESPACE))
				? "x-hasura-default-role" : HasuraJwtConfig.DEFAULT_NAMESPACE);
	}

	@Test
	void issueWhenClaimsAtRootThenHasuraClaimsTopLevel() throws Exception {
		AccessToken token = tokens(withKey("HS256", "{\"claims_namespace_path\":\"$\"}")).issue(USER,
				NOW.plus(MAX_AGE));
		assertThat(payload(token)).containsAllEntriesOf(CLAIMS)
			.containsEntry("sub", "github|42")
			.doesNotContainKey(HasuraJwtConfig.DEFAULT_NAMESPACE);
	}

	@Test
	void issueWhenIssuerAndOneAudienceThenIssAndAudString() throws Exception {
		AccessToken token = tokens(withKey("HS256", "{\"issuer\":\"https://auth.example.com\",\"audience\":\"app\"}"))
			.issue(USER, NOW.plus(MAX_AGE));
		assertThat(payload(token)).containsEntry("iss", "https://auth.example.com").containsEntry("aud", "app");
	}

	@Test
	void issueWhenSeveralAudiencesThenAudArray() throws Exception {
		AccessToken token = tokens(withKey("HS256", "{\"audience\":[\"app\",\"admin\"]}")).issue(USER,
				NOW.plus(MAX_AGE));
		assertThat(payload(token)).containsEntry("aud", List.of("app", "admin")).doesNotContainKey("iss");
	}

	@Test
	void issueWhenNoIssuerOrAudienceThenNeither() throws Exception {
		AccessToken token = tokens(withKey("HS256", "{}")).issue(USER, NOW.plus(MAX_AGE));
		assertThat(payload(token)).doesNotContainKeys("iss", "aud");
	}

	static Stream<Arguments> algorithms() {
		return Stream.of(arguments("HS256", JWSAlgorithm.HS256), arguments("HS384", JWSAlgorithm.HS384),
				arguments("HS512", JWSAlgorithm.HS512));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("algorithms")
	void issueWhenTypeConfiguredThenSignedWithThatAlgorithmAndHasuraKey(String type, JWSAlgorithm algorithm)
			throws Exception {
		JWSObject jws = JWSObject.parse(tokens(withKey(type, "{}")).issue(USER, NOW.plus(MAX_AGE)).token());
		assertThat(jws.getHeader().getAlgorithm()).isEqualTo(algorithm);
		assertThat(jws.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(jws.verify(new MACVerifier(KEY.getBytes(StandardCharsets.UTF_8)))).isTrue();
		assertThat(jws.verify(new MACVerifier(("x" + KEY).getBytes(StandardCharsets.UTF_8)))).isFalse();
	}

	@Test
	void issueWhenSessionHasEpochThenCarriedAsTheSessionsClaim() throws Exception {
		AccessToken token = tokens(withKey("HS256", "{}")).issue(USER, NOW.plus(MAX_AGE), 3);
		assertThat(payload(token)).containsEntry(SessionTokens.EPOCH, 3L);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("claimsLayouts")
	void verifyWhenIssuedUnderSameConfigThenIdentity(String layout, List<String> segments, boolean stringified) {
		AccessTokens tokens = tokens(withKey("HS256", layout));
		AccessToken token = tokens.issue(USER, NOW.plus(MAX_AGE), 2);
		assertThat(verified(tokens, token.token()))
			.isEqualTo(new HasuraIdentity("github|42", USER.roles(), NOW.plus(MAX_AGE), 2));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("algorithms")
	void verifyWhenTypeConfiguredThenItsTokensAccepted(String type, JWSAlgorithm algorithm) {
		AccessTokens tokens = tokens(withKey(type, "{}"));
		assertThat(verified(tokens, tokens.issue(USER, NOW.plus(MAX_AGE)).token()).userId()).isEqualTo("github|42");
	}

	@Test
	void verifyWhenSignedWithAnotherKeyThenBadSignature() {
		String other = new AccessTokens(HasuraJwtConfig.defaultFor("x" + KEY), MAX_AGE, this.clock)
			.issue(USER, NOW.plus(MAX_AGE))
			.token();
		assertRejected(tokens(withKey("HS256", "{}")), other, "bad_signature");
	}

	@Test
	void verifyWhenOtherAlgorithmThenNotAllowed() {
		String hs512 = tokens(withKey("HS512", "{}")).issue(USER, NOW.plus(MAX_AGE)).token();
		assertRejected(tokens(withKey("HS256", "{}")), hs512, "algorithm_not_allowed");
	}

	@Test
	void verifyWhenExpiredThenExpired() {
		AccessTokens tokens = tokens(withKey("HS256", "{}"));
		String token = tokens.issue(USER, NOW.plus(MAX_AGE)).token();
		this.clock.advance(MAX_AGE);
		assertRejected(tokens, token, "expired");
	}

	@Test
	void verifyWhenIssuerOrAudienceDiffersThenRejected() {
		String token = tokens(withKey("HS256", "{\"issuer\":\"a\",\"audience\":\"app\"}"))
			.issue(USER, NOW.plus(MAX_AGE))
			.token();
		assertRejected(tokens(withKey("HS256", "{\"issuer\":\"b\",\"audience\":\"app\"}")), token, "bad_claim_iss");
		assertRejected(tokens(withKey("HS256", "{\"issuer\":\"a\",\"audience\":[\"x\",\"y\"]}")), token,
				"bad_claim_aud");
		assertThat(verified(tokens(withKey("HS256", "{\"issuer\":\"a\",\"audience\":[\"x\",\"app\"]}")), token))
			.isNotNull();
	}

	@Test
	void verifyWhenUserIdClaimIsNotSubjectThenMalformedClaims() throws Exception {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("sub", "github|43");
		payload.put(HasuraJwtConfig.DEFAULT_NAMESPACE, CLAIMS);
		payload.put("exp", NOW.plus(MAX_AGE).getEpochSecond());
		assertRejected(tokens(withKey("HS256", "{}")), signed(payload), "hasura_claims_malformed");
	}

	@Test
	void verifyWhenNotAJwsOrTooLargeThenRejected() {
		AccessTokens tokens = tokens(withKey("HS256", "{}"));
		assertRejected(tokens, "not-a-token", "malformed");
		assertRejected(tokens, "a".repeat(AccessTokens.MAX_TOKEN_LENGTH + 1), "too_large");
	}

	@Test
	void constructorWhenKeyTooShortForHmacThenIllegalArgument() {
		HasuraJwtConfig config = new HasuraJwtConfig(JWSAlgorithm.HS256, "short", null,
				ClaimsLocation.namespace(HasuraJwtConfig.DEFAULT_NAMESPACE), false, null, List.of(), Map.of(), null);
		assertThatIllegalArgumentException().isThrownBy(() -> new AccessTokens(config, MAX_AGE, this.clock));
	}

	private AccessTokens tokens(String json) {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig.parse(json, problems);
		assertThat(problems).isEmpty();
		return new AccessTokens(config, MAX_AGE, this.clock);
	}

	private static HasuraIdentity verified(AccessTokens tokens, String token) {
		try {
			return tokens.verify(token);
		}
		catch (InvalidTokenException ex) {
			throw new AssertionError("rejected: " + ex.getMessage(), ex);
		}
	}

	private static void assertRejected(AccessTokens tokens, String token, String reason) {
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> tokens.verify(token))
			.withMessage(reason);
	}

	/** {@code payload} signed with the test key, HS256, as no bridge would write it. */
	private static String signed(Map<String, Object> payload) throws Exception {
		JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(payload));
		jws.sign(new MACSigner(KEY.getBytes(StandardCharsets.UTF_8)));
		return jws.serialize();
	}

	/** {@code more} (a JSON object) with the test key and {@code type} added. */
	static String withKey(String type, String more) {
		String rest = more.substring(1, more.length() - 1);
		return "{\"type\":\"" + type + "\",\"key\":\"" + KEY + "\"" + (rest.isEmpty() ? "" : "," + rest) + "}";
	}

	static Map<String, Object> payload(AccessToken token) throws Exception {
		return JWSObject.parse(token.token()).getPayload().toJSONObject();
	}

}
