package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.authbridge.config.BridgeSettings;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Would Hasura accept our tokens? Hasura's documented JWT rules
 * (https://hasura.io/docs/latest/auth/authentication/jwt/) re-implemented apart from the
 * main code, with the JDK's {@link Mac}, Jackson and a JSONPath reader of its own, then
 * run over several {@code HASURA_GRAPHQL_JWT_SECRET} values for the access token and,
 * when Hasura's key is AUTH_SECRET, for the session token too.
 */
class HasuraJwtConformanceTests {

	static final String AUTH_SECRET = "auth-secret-for-conformance-0123456789";

	static final String KEY_48 = "hasura-hs384-key-".repeat(3);

	static final String KEY_64 = "hasura-hs512-key-".repeat(4);

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	static final SessionUser USER = new SessionUser("github|42", "Ada", "ada@example.com", null, "github",
			new HasuraRoles("user", List.of("editor")));

	static final ObjectMapper JSON = JsonMapper.builder().build();

	static Stream<Arguments> jwtSecrets() {
		return Stream.of(config("default, key = AUTH_SECRET", "{\"type\":\"HS256\",\"key\":\"" + AUTH_SECRET + "\"}"),
				config("HS256, own key, claims_namespace",
						"{\"type\":\"HS256\",\"key\":\"" + KEY_48 + "\",\"claims_namespace\":\"hasura\"}"),
				config("HS384", "{\"type\":\"HS384\",\"key\":\"" + KEY_48 + "\"}"),
				config("HS512, stringified",
						"{\"type\":\"HS512\",\"key\":\"" + KEY_64 + "\",\"claims_format\":\"stringified_json\"}"),
				config("HS512, custom namespace, stringified, issuer", "{\"type\":\"HS512\",\"key\":\"" + KEY_64
						+ "\",\"claims_namespace\":\"https://example.com/jwt\",\"claims_format\":\"stringified_json\","
						+ "\"issuer\":\"https://auth.example.com\"}"),
				config("key = AUTH_SECRET, path $.hasura.claims, issuer, audience",
						"{\"type\":\"HS256\",\"key\":\"" + AUTH_SECRET
								+ "\",\"claims_namespace_path\":\"$.hasura.claims\","
								+ "\"issuer\":\"https://auth.example.com\",\"audience\":\"app\"}"),
				config("key = AUTH_SECRET, path $, two audiences",
						"{\"type\":\"HS256\",\"key\":\"" + AUTH_SECRET
								+ "\",\"claims_namespace_path\":\"$\",\"audience\":[\"app\",\"admin\"]}"),
				config("key = AUTH_SECRET, bracket path, stringified",
						"{\"type\":\"HS256\",\"key\":\"" + AUTH_SECRET
								+ "\",\"claims_namespace_path\":\"$['https://x.io/claims'].inner\","
								+ "\"claims_format\":\"stringified_json\"}"));
	}

	/**
	 * The configurations under which Hasura can verify the session cookie: HS256 with
	 * AUTH_SECRET as the key.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("jwtSecrets")
	void accessTokenWhenIssuedUnderConfigThenHasuraAccepts(String jwtSecret) {
		String token = accessTokens(jwtSecret).issue(USER, NOW.plus(Duration.ofDays(1))).token();
		JsonNode claims = Hasura.configuredWith(jwtSecret).verify(token, NOW);
		assertThat(claims.get("x-hasura-user-id").stringValue()).isEqualTo("github|42");
		assertThat(claims.get("x-hasura-default-role").stringValue()).isEqualTo("user");
		assertThat(claims.get("x-hasura-allowed-roles").values()).extracting(JsonNode::stringValue)
			.containsExactly("user", "editor");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "Ed25519" })
	void accessTokenWhenStaticKeyPairThenHasuraAccepts(String type) {
		KeyPair pair = TestKeys.generate(type);
		String jwtSecret = com.nimbusds.jose.util.JSONObjectUtils
			.toJSONString(Map.of("type", type, "key", TestKeys.publicPem(pair), "claims_format", "stringified_json"));
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig.parse(jwtSecret, problems);
		AccessTokenKey key = AccessTokenKey.decide(config, TestKeys.traditionalPem(pair), problems);
		assertThat(problems).isEmpty();
		String token = new AccessTokens(config, key, Duration.ofMinutes(15), new MutableClock(NOW))
			.issue(USER, NOW.plus(Duration.ofDays(1)))
			.token();
		JsonNode claims = Hasura.configuredWith(jwtSecret).verify(token, NOW);
		assertThat(claims.get("x-hasura-user-id").stringValue()).isEqualTo("github|42");
		// the model can say no: a token of another pair of the same type
		KeyPair other = TestKeys.generate(type);
		String otherSecret = com.nimbusds.jose.util.JSONObjectUtils
			.toJSONString(Map.of("type", type, "key", TestKeys.publicPem(other), "claims_format", "stringified_json"));
		HasuraJwtConfig otherConfig = HasuraJwtConfig.parse(otherSecret, problems);
		String forged = new AccessTokens(otherConfig,
				AccessTokenKey.decide(otherConfig, TestKeys.pkcs8Pem(other), problems), Duration.ofMinutes(15),
				new MutableClock(NOW))
			.issue(USER, NOW.plus(Duration.ofDays(1)))
			.token();
		assertThatExceptionOfType(Rejected.class).isThrownBy(() -> Hasura.configuredWith(jwtSecret).verify(forged, NOW))
			.withMessageContaining("signature");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("jwtSecrets")
	void accessTokenWhenHasuraClockFourSecondsBehindThenAccepted(String jwtSecret) {
		// allowed_skew is 0 by default: without the back-dated iat a slightly slow Hasura
		// host would refuse it.
		String token = accessTokens(jwtSecret).issue(USER, NOW.plus(Duration.ofDays(1))).token();
		assertThatNoException().isThrownBy(() -> Hasura.configuredWith(jwtSecret).verify(token, NOW.minusSeconds(4)));
	}

	/**
	 * The 30-day session cookie must never pass as a Hasura token, not even where
	 * Hasura's key is AUTH_SECRET itself: revocation cannot reach a token Hasura verifies
	 * on its own.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("jwtSecrets")
	void sessionTokenUnderAnyConfigThenHasuraRejects(String jwtSecret) {
		String token = SESSIONS.issue(USER).token();
		assertThatExceptionOfType(Rejected.class).isThrownBy(() -> Hasura.configuredWith(jwtSecret).verify(token, NOW));
		assertThatExceptionOfType(Rejected.class)
			.isThrownBy(() -> Hasura.configuredWith(jwtSecret).verify(resignedUnder(jwtSecret, token), NOW))
			.withMessageNotContaining("signature");
	}

	/**
	 * {@code token}'s payload signed with the key and algorithm of {@code jwtSecret}:
	 * only its claims can fail.
	 */
	static String resignedUnder(String jwtSecret, String token) {
		JsonNode config = JSON.readTree(jwtSecret);
		String type = config.get("type").stringValue();
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String input = base64.encodeToString(("{\"alg\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
				+ token.split("\\.")[1];
		return input + "." + base64.encodeToString(Hasura.hmac(type, config.get("key").stringValue(), input));
	}

	static Stream<Arguments> mismatches() {
		String base = "{\"type\":\"HS256\",\"key\":\"" + KEY_64 + "\"";
		return Stream.of(
				mismatch("other key", base + "}", "{\"type\":\"HS256\",\"key\":\"" + KEY_48 + "\"}", "signature"),
				mismatch("other algorithm", "{\"type\":\"HS512\",\"key\":\"" + KEY_64 + "\"}", base + "}", "alg"),
				mismatch("other namespace", base + ",\"claims_namespace\":\"a\"}",
						base + ",\"claims_namespace\":\"b\"}", "claims"),
				mismatch("other path", base + ",\"claims_namespace_path\":\"$.a.b\"}",
						base + ",\"claims_namespace_path\":\"$.a\"}", "x-hasura-default-role"),
				mismatch("stringified expected", base + "}", base + ",\"claims_format\":\"stringified_json\"}",
						"claims"),
				mismatch("object expected", base + ",\"claims_format\":\"stringified_json\"}", base + "}", "claims"),
				mismatch("issuer expected", base + "}", base + ",\"issuer\":\"https://auth.example.com\"}", "iss"),
				mismatch("other issuer", base + ",\"issuer\":\"https://a.example.com\"}",
						base + ",\"issuer\":\"https://b.example.com\"}", "iss"),
				mismatch("audience expected", base + "}", base + ",\"audience\":\"app\"}", "aud"),
				mismatch("other audience", base + ",\"audience\":[\"web\",\"mobile\"]}",
						base + ",\"audience\":[\"app\",\"admin\"]}", "aud"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("mismatches")
	void hasuraWhenTokenIssuedUnderAnotherConfigThenRejects(String issuedUnder, String hasuraConfig, String reason) {
		// The re-implementation must be able to say no, or the tests above prove nothing.
		String token = accessTokens(issuedUnder).issue(USER, NOW.plus(Duration.ofDays(1))).token();
		assertThatExceptionOfType(Rejected.class)
			.isThrownBy(() -> Hasura.configuredWith(hasuraConfig).verify(token, NOW))
			.withMessageContaining(reason);
	}

	@Test
	void hasuraWhenExpiredOrIssuedInItsFutureThenRejects() {
		String jwtSecret = "{\"type\":\"HS256\",\"key\":\"" + AUTH_SECRET + "\"}";
		Hasura hasura = Hasura.configuredWith(jwtSecret);
		AccessTokens.AccessToken token = accessTokens(jwtSecret).issue(USER, NOW.plus(Duration.ofDays(1)));
		assertThatExceptionOfType(Rejected.class).isThrownBy(() -> hasura.verify(token.token(), token.expiresAt()))
			.withMessageContaining("exp");
		assertThatExceptionOfType(Rejected.class).isThrownBy(() -> hasura.verify(token.token(), NOW.minusSeconds(6)))
			.withMessageContaining("iat");
	}

	@Test
	void hasuraWhenClaimsBreakTheSpecThenRejects() {
		String jwtSecret = "{\"type\":\"HS256\",\"key\":\"" + AUTH_SECRET + "\"}";
		Hasura hasura = Hasura.configuredWith(jwtSecret);
		String claims = "\"https://hasura.io/jwt/claims\":";
		long exp = NOW.plusSeconds(60).getEpochSecond();
		assertThatExceptionOfType(Rejected.class).isThrownBy(() -> hasura
			.verify(hs256("{" + claims + "{\"x-hasura-default-role\":\"user\",\"x-hasura-allowed-roles\":[\"user\"]}}",
					AUTH_SECRET), NOW))
			.withMessageContaining("exp");
		assertThatExceptionOfType(Rejected.class)
			.isThrownBy(
					() -> hasura.verify(hs256(
							"{\"exp\":" + exp + "," + claims
									+ "{\"x-hasura-default-role\":\"user\",\"x-hasura-allowed-roles\":[]}}",
							AUTH_SECRET), NOW))
			.withMessageContaining("x-hasura-allowed-roles");
		assertThatExceptionOfType(Rejected.class).isThrownBy(() -> hasura.verify(
				hs256("{\"exp\":" + exp + "," + claims
						+ "{\"x-hasura-default-role\":\"admin\",\"x-hasura-allowed-roles\":[\"user\"]}}", AUTH_SECRET),
				NOW))
			.withMessageContaining("x-hasura-allowed-roles");
		assertThatExceptionOfType(Rejected.class).isThrownBy(() -> hasura.verify(hs256("{\"exp\":" + exp + "," + claims
				+ "{\"x-hasura-default-role\":\"user\",\"x-hasura-allowed-roles\":[\"user\"],\"x-hasura-user-id\":42}}",
				AUTH_SECRET), NOW))
			.withMessageContaining("x-hasura-user-id");
		assertThatNoException().isThrownBy(() -> hasura.verify(hs256("{\"exp\":" + exp + "," + claims
				+ "{\"x-hasura-default-role\":\"user\",\"x-hasura-allowed-roles\":[\"user\"],\"x-hasura-user-id\":\"42\"}}",
				AUTH_SECRET), NOW));
	}

	static AccessTokens accessTokens(String jwtSecret) {
		return new AccessTokens(bridgeConfig(jwtSecret), Duration.ofMinutes(15), new MutableClock(NOW));
	}

	/**
	 * The session tokens of a bridge with {@link #AUTH_SECRET}, keyed as the bridge keys
	 * them.
	 */
	static final SessionTokens SESSIONS = new SessionTokens(
			BridgeSettings.derivedKey(AUTH_SECRET, SessionTokens.KEY_PURPOSE), Duration.ofDays(30), Duration.ofDays(1),
			new MutableClock(NOW));

	static HasuraJwtConfig bridgeConfig(String jwtSecret) {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig.parse(jwtSecret, problems);
		assertThat(problems).isEmpty();
		return config;
	}

	static Arguments config(String name, String jwtSecret) {
		return arguments(named(name, jwtSecret));
	}

	static String jwtSecret(Arguments arguments) {
		return (String) ((org.junit.jupiter.api.Named<?>) arguments.get()[0]).getPayload();
	}

	static Arguments mismatch(String name, String issuedUnder, String hasuraConfig, String reason) {
		return arguments(named(name, issuedUnder), hasuraConfig, reason);
	}

	/**
	 * A hand-built HS256 token, to feed the re-implementation claims the bridge would
	 * never write.
	 */
	static String hs256(String payloadJson, String key) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String input = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
		return input + "." + base64.encodeToString(Hasura.hmac("HS256", key, input));
	}

	/** Why the re-implemented Hasura refused a token. */
	static final class Rejected extends RuntimeException {

		Rejected(String reason) {
			super(reason);
		}

	}

	/**
	 * What Hasura does with a bearer token under one {@code HASURA_GRAPHQL_JWT_SECRET},
	 * per its documentation.
	 */
	record Hasura(JsonNode config) {

		private static final Map<String, String> MACS = Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512",
				"HmacSHA512");

		private static final Pattern PATH_STEP = Pattern.compile("\\.([^.\\[]+)|\\['([^']*)'\\]|\\[\"([^\"]*)\"\\]");

		/**
		 * An asymmetric type: the {@code BEGIN PUBLIC KEY} PEM read with the JDK alone,
		 * the signature checked with the JDK's algorithm for the type (ECDSA as R||S, RFC
		 * 7518 §3.4).
		 */
		static boolean publicKeyVerifies(String type, String pem, String input, byte[] signature) {
			String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(body));
			String bits = type.substring(2);
			try {
				java.security.PublicKey key = KeyFactory
					.getInstance(type.startsWith("RS") ? "RSA" : type.startsWith("ES") ? "EC" : "Ed25519")
					.generatePublic(spec);
				Signature verifier = Signature.getInstance(type.startsWith("RS") ? "SHA" + bits + "withRSA"
						: type.startsWith("ES") ? "SHA" + bits + "withECDSAinP1363Format" : "Ed25519");
				verifier.initVerify(key);
				verifier.update(input.getBytes(StandardCharsets.US_ASCII));
				return verifier.verify(signature);
			}
			catch (GeneralSecurityException ex) {
				return false;
			}
		}

		static Hasura configuredWith(String jwtSecret) {
			return new Hasura(JSON.readTree(jwtSecret));
		}

		/**
		 * The {@code x-hasura-*} claims of {@code token} as Hasura would use them at
		 * {@code now}.
		 */
		JsonNode verify(String token, Instant now) {
			String[] parts = token.split("\\.", -1);
			check(parts.length == 3, "not a compact JWS");
			String type = this.config.get("type").stringValue();
			JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
			// Hasura's type Ed25519 is JWS's EdDSA (RFC 8037 §3.1)
			String alg = type.equals("Ed25519") ? "EdDSA" : type;
			check(header.path("alg").isString() && header.get("alg").stringValue().equals(alg),
					"alg is not the configured type " + type);
			byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
			String key = this.config.get("key").stringValue();
			String input = parts[0] + "." + parts[1];
			check(type.startsWith("HS") ? MessageDigest.isEqual(hmac(type, key, input), signature)
					: publicKeyVerifies(type, key, input, signature),
					"signature does not verify with the configured key");
			JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
			check(payload.path("exp").isIntegralNumber(), "exp is required");
			check(now.getEpochSecond() < payload.get("exp").longValue(), "exp is not in the future");
			if (payload.has("iat")) {
				check(payload.get("iat").isIntegralNumber() && payload.get("iat").longValue() <= now.getEpochSecond(),
						"iat is in the future (allowed_skew 0)");
			}
			if (this.config.has("issuer")) {
				check(payload.path("iss").isString()
						&& payload.get("iss").stringValue().equals(this.config.get("issuer").stringValue()),
						"iss does not match issuer");
			}
			if (this.config.has("audience")) {
				List<String> expected = strings(this.config.get("audience"));
				List<String> actual = strings(payload.path("aud"));
				check(actual.stream().anyMatch(expected::contains), "aud does not match audience");
			}
			JsonNode claims = claims(payload);
			check(claims.path("x-hasura-default-role").isString(), "x-hasura-default-role must be a string");
			JsonNode allowed = claims.path("x-hasura-allowed-roles");
			check(allowed.isArray() && !allowed.isEmpty() && allowed.values().stream().allMatch(JsonNode::isString),
					"x-hasura-allowed-roles must be a non-empty array of strings");
			check(allowed.values()
				.stream()
				.anyMatch(role -> role.stringValue().equals(claims.get("x-hasura-default-role").stringValue())),
					"x-hasura-allowed-roles must contain the default role");
			for (Map.Entry<String, JsonNode> claim : claims.properties()) {
				String name = claim.getKey().toLowerCase(Locale.ROOT);
				if (name.startsWith("x-hasura-") && !name.equals("x-hasura-allowed-roles")) {
					check(claim.getValue().isString(), claim.getKey() + " must be a string");
				}
			}
			return claims;
		}

		private JsonNode claims(JsonNode payload) {
			JsonNode node = payload;
			if (this.config.has("claims_namespace_path")) {
				String path = this.config.get("claims_namespace_path").stringValue();
				check(path.startsWith("$"), "claims_namespace_path must start with $");
				Matcher step = PATH_STEP.matcher(path).region(1, path.length());
				while (step.lookingAt()) {
					String key = step.group(1) != null ? step.group(1)
							: step.group(2) != null ? step.group(2) : step.group(3);
					node = node.path(key);
					step.region(step.end(), path.length());
				}
				check(step.regionStart() == path.length(), "claims_namespace_path not understood");
			}
			else {
				node = node.path(this.config.has("claims_namespace") ? this.config.get("claims_namespace").stringValue()
						: "https://hasura.io/jwt/claims");
			}
			if (this.config.path("claims_format").stringValue("json").equals("stringified_json")) {
				check(node.isString(), "claims must be a JSON string (stringified_json)");
				node = JSON.readTree(node.stringValue());
			}
			check(node.isObject(), "claims must be a JSON object");
			return node;
		}

		private static List<String> strings(JsonNode node) {
			if (node.isString()) {
				return List.of(node.stringValue());
			}
			return node.isArray()
					? node.values().stream().filter(JsonNode::isString).map(JsonNode::stringValue).toList() : List.of();
		}

		static byte[] hmac(String type, String key, String signingInput) {
			try {
				Mac mac = Mac.getInstance(MACS.get(type));
				mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), MACS.get(type)));
				return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static void check(boolean condition, String reason) {
			if (!condition) {
				throw new Rejected(reason);
			}
		}

	}

}
