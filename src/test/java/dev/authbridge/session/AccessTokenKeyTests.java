package dev.authbridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Access tokens signed with a static key pair, for every asymmetric type Hasura takes and
 * every PEM form openssl writes, verified by jose4j (an independent JOSE implementation)
 * against the JWK Set the bridge publishes; and the one line startup stops with for each
 * kind of bad key.
 */
class AccessTokenKeyTests {

	static final SessionUser USER = new SessionUser("github|42", "Ada", "ada@example.com", null, "github",
			new HasuraRoles("user", List.of("editor")));

	static final Map<String, String> JWS_ALGORITHMS = Map.of("RS256", "RS256", "RS384", "RS384", "RS512", "RS512",
			"ES256", "ES256", "ES384", "ES384", "ES512", "ES512", "Ed25519", "EdDSA");

	static Stream<Arguments> keyForms() {
		List<Arguments> forms = new ArrayList<>();
		for (String type : List.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "Ed25519")) {
			KeyPair pair = TestKeys.generate(type);
			forms.add(arguments(type, "PUBLIC KEY + PKCS#8", TestKeys.publicPem(pair), TestKeys.pkcs8Pem(pair)));
			if (!type.equals("Ed25519")) {
				forms.add(arguments(type, "PUBLIC KEY + " + (type.startsWith("RS") ? "PKCS#1" : "SEC1"),
						TestKeys.publicPem(pair), TestKeys.traditionalPem(pair)));
			}
		}
		KeyPair rsa = TestKeys.generate("RS256");
		forms.add(arguments("RS256", "CERTIFICATE + PKCS#1", TestKeys.certificatePem(rsa, "SHA256withRSA"),
				TestKeys.traditionalPem(rsa)));
		KeyPair ec = TestKeys.generate("ES256");
		forms.add(arguments("ES256", "CERTIFICATE + SEC1", TestKeys.certificatePem(ec, "SHA256withECDSA"),
				TestKeys.traditionalPem(ec)));
		return forms.stream();
	}

	@ParameterizedTest(name = "{0}, {1}")
	@MethodSource("keyForms")
	void issueWhenStaticKeyPairThenVerifiesUnderPublishedJwks(String type, String form, String publicPem,
			String privatePem) throws Exception {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig hasura = HasuraJwtConfig.parse(hasuraJson(type, publicPem), problems);
		AccessTokenKey key = AccessTokenKey.decide(hasura, privatePem, problems);
		assertThat(problems).isEmpty();
		AccessTokens tokens = new AccessTokens(hasura, key, Duration.ofMinutes(15), Clock.systemUTC());
		String token = tokens.issue(USER, Instant.now().plus(Duration.ofDays(1))).token();

		Map<String, Object> jwk = key.publicJwk();
		assertThat(jwk).containsEntry("use", "sig")
			.containsEntry("alg", JWS_ALGORITHMS.get(type))
			.containsKey("kid")
			.doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
		JsonWebKeySet jwks = new JsonWebKeySet(JSONObjectUtils.toJSONString(Map.of("keys", List.of(jwk))));
		JsonWebSignature jws = new JsonWebSignature();
		jws.setCompactSerialization(token);
		assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(JWS_ALGORITHMS.get(type));
		assertThat(jws.getKeyIdHeaderValue()).isEqualTo(key.keyId()).isEqualTo(jwk.get("kid"));
		jws.setKey(new VerificationJwkSelector().select(jws, jwks.getJsonWebKeys()).getKey());
		assertThat(jws.verifySignature()).as("jose4j verifies the token against the JWKS").isTrue();
		assertThat(JSONObjectUtils.parse(jws.getPayload())).containsEntry("sub", "github|42")
			.containsKey("https://hasura.io/jwt/claims");
		assertThat(tokens.verify(token).userId()).isEqualTo("github|42");
	}

	@Test
	void kidWhenRsaKeyThenRfc7638Thumbprint() throws Exception {
		KeyPair pair = TestKeys.generate("RS256");
		List<String> problems = new ArrayList<>();
		AccessTokenKey key = AccessTokenKey.decide(
				HasuraJwtConfig.parse(hasuraJson("RS256", TestKeys.publicPem(pair)), problems),
				TestKeys.traditionalPem(pair), problems);
		org.jose4j.jwk.JsonWebKey jwk = org.jose4j.jwk.JsonWebKey.Factory.newJwk(pair.getPublic());
		assertThat(key.keyId()).isEqualTo(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
	}

	@Test
	void verifyWhenTokenOfAnotherPairThenBadSignature() {
		KeyPair pair = TestKeys.generate("ES256");
		KeyPair other = TestKeys.generate("ES256");
		AccessTokens ours = tokens("ES256", pair);
		String forged = tokens("ES256", other).issue(USER, Instant.now().plus(Duration.ofDays(1))).token();
		org.assertj.core.api.Assertions.assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> ours.verify(forged));
	}

	static Stream<Arguments> badKeys() throws Exception {
		KeyPair rsa = TestKeys.generate("RS256");
		KeyPair small = TestKeys.rsa(1024);
		KeyPair p256 = TestKeys.generate("ES256");
		KeyPair ed = TestKeys.generate("Ed25519");
		return Stream.of(
				arguments("missing private key", hasuraJson("RS256", TestKeys.publicPem(rsa)), null,
						"AUTH_JWT_PRIVATE_KEY is not set while HASURA_GRAPHQL_JWT_SECRET has \"type\":\"RS256\""),
				arguments("public key not PEM", hasuraJson("RS256", "MIIBIjANBg"), TestKeys.pkcs8Pem(rsa),
						"HASURA_GRAPHQL_JWT_SECRET \"key\" is not PEM"),
				arguments("public key PEM garbage",
						hasuraJson("ES256", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
						TestKeys.pkcs8Pem(p256), "HASURA_GRAPHQL_JWT_SECRET \"key\" is not an RSA, EC or Ed25519"),
				arguments("private key not PEM", hasuraJson("RS256", TestKeys.publicPem(rsa)), "not a key",
						"AUTH_JWT_PRIVATE_KEY is not PEM"),
				arguments("private key PEM garbage", hasuraJson("RS256", TestKeys.publicPem(rsa)),
						"-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
						"AUTH_JWT_PRIVATE_KEY is not a valid RSA PRIVATE KEY"),
				arguments("RSA under 2048 bits", hasuraJson("RS256", TestKeys.publicPem(small)),
						TestKeys.traditionalPem(small),
						"HASURA_GRAPHQL_JWT_SECRET \"key\" is an RSA key of 1024 bits: use at least 2048"),
				arguments("EC key for RS256", hasuraJson("RS256", TestKeys.publicPem(p256)), TestKeys.pkcs8Pem(p256),
						"HASURA_GRAPHQL_JWT_SECRET \"key\" is a P-256 key, but \"type\":\"RS256\" needs an RSA key"),
				arguments("P-256 key for ES384", hasuraJson("ES384", TestKeys.publicPem(p256)), TestKeys.pkcs8Pem(p256),
						"HASURA_GRAPHQL_JWT_SECRET \"key\" is a P-256 key, but \"type\":\"ES384\" needs a P-384 key"),
				arguments("RSA private key for ES256", hasuraJson("ES256", TestKeys.publicPem(p256)),
						TestKeys.traditionalPem(rsa),
						"AUTH_JWT_PRIVATE_KEY is an RSA key, but \"type\":\"ES256\" needs a P-256 key"),
				arguments("mismatched pair", hasuraJson("Ed25519", TestKeys.publicPem(ed)),
						TestKeys.pkcs8Pem(TestKeys.generate("Ed25519")),
						"AUTH_JWT_PRIVATE_KEY does not match the public key in HASURA_GRAPHQL_JWT_SECRET"),
				arguments("unknown type", hasuraJson("PS256", TestKeys.publicPem(rsa)), TestKeys.pkcs8Pem(rsa),
						"HASURA_GRAPHQL_JWT_SECRET \"type\" must be HS256, HS384, HS512, RS256"),
				arguments("private key with HMAC", "{\"type\":\"HS256\",\"key\":\"" + "k".repeat(32) + "\"}",
						TestKeys.pkcs8Pem(rsa),
						"AUTH_JWT_PRIVATE_KEY is set but HASURA_GRAPHQL_JWT_SECRET has the shared-key type HS256"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badKeys")
	void decideWhenBadKeyThenOneLineSayingWhatToSet(String name, String hasuraJson, String privatePem,
			String expected) {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig hasura = HasuraJwtConfig.parse(hasuraJson, problems);
		AccessTokenKey key = AccessTokenKey.decide(hasura, privatePem, problems);
		assertThat(key).isNull();
		assertThat(problems).singleElement().asString().startsWith(expected);
	}

	static AccessTokens tokens(String type, KeyPair pair) {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig hasura = HasuraJwtConfig.parse(hasuraJson(type, TestKeys.publicPem(pair)), problems);
		AccessTokenKey key = AccessTokenKey.decide(hasura, TestKeys.pkcs8Pem(pair), problems);
		assertThat(problems).isEmpty();
		return new AccessTokens(hasura, key, Duration.ofMinutes(15), Clock.systemUTC());
	}

	static String hasuraJson(String type, String key) {
		return JSONObjectUtils.toJSONString(Map.of("type", type, "key", key));
	}

}
