package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.AuthBridgeApplication;
import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import dev.authbridge.session.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/auth/jwks} over real HTTP: with a static key pair of every asymmetric
 * type, the access token {@code /api/auth/session} hands out verifies with jose4j against
 * the served JWK Set; with the default HMAC key the set is empty. Always cacheable for
 * AUTH_JWKS_MAX_AGE.
 */
class JwksActionTests {

	@ParameterizedTest(name = "{0}, {1}")
	@CsvSource({ "RS256, PKCS#1", "RS384, PKCS#8", "RS512, PKCS#1", "ES256, SEC1", "ES384, PKCS#8", "ES512, SEC1",
			"Ed25519, PKCS#8" })
	void sessionWhenStaticKeyPairThenAccessTokenVerifiesAgainstServedJwks(String type, String form) throws Exception {
		KeyPair pair = TestKeys.generate(type);
		String privatePem = form.equals("PKCS#8") ? TestKeys.pkcs8Pem(pair) : TestKeys.traditionalPem(pair);
		String hasura = JSONObjectUtils.toJSONString(Map.of("type", type, "key", TestKeys.publicPem(pair)));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties("AUTH_SECRET=" + BridgeTest.SECRET, "HASURA_GRAPHQL_JWT_SECRET=" + hasura,
					"AUTH_JWT_PRIVATE_KEY=" + privatePem, "AUTH_JWKS_MAX_AGE=600")
			.run("--server.port=0")) {
			WebTestClient client = client(context);
			String jwks = client.get()
				.uri("/api/auth/jwks")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=600, public")
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();

			List<Map<String, Object>> keys = List
				.of(JSONObjectUtils.getJSONObjectArray(JSONObjectUtils.parse(jwks), "keys"));
			assertThat(keys).singleElement()
				.satisfies(key -> assertThat(key).containsKeys("kty", "kid", "alg")
					.containsEntry("use", "sig")
					.doesNotContainKeys("d", "p", "q", "dp", "dq", "qi"));
			JsonWebSignature jws = verified(accessToken(client), new JsonWebKeySet(jwks));
			assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(type.equals("Ed25519") ? "EdDSA" : type);
			assertThat(jws.getKeyIdHeaderValue()).isEqualTo(keys.get(0).get("kid"));
			assertThat(JSONObjectUtils.parse(jws.getPayload())).containsEntry("sub", TestSessions.OCTOCAT.id());
		}
	}

	/**
	 * Hasura's jwk_url without a database: the RSA private key's public half, derived by
	 * the bridge, is the one key served, and it verifies the tokens.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void sessionWhenJwkUrlAndRsaPrivateKeyWithoutDatabaseThenDerivedPublicKeyServed(CapturedOutput output)
			throws Exception {
		KeyPair pair = TestKeys.generate("RS256");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties("AUTH_SECRET=" + BridgeTest.SECRET,
					"HASURA_GRAPHQL_JWT_SECRET={\"jwk_url\":\"http://bridge:3000/api/auth/jwks\"}",
					"AUTH_JWT_PRIVATE_KEY=" + TestKeys.traditionalPem(pair))
			.run("--server.port=0")) {
			WebTestClient client = client(context);
			String jwks = client.get()
				.uri("/api/auth/jwks")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();

			JsonWebKeySet set = new JsonWebKeySet(jwks);
			assertThat(set.getJsonWebKeys()).singleElement()
				.satisfies(key -> assertThat(key.getKey()).isEqualTo(pair.getPublic()));
			assertThat(verified(accessToken(client), set).getAlgorithmHeaderValue()).isEqualTo("RS256");
			assertThat(output).contains("keys from configuration, no automatic rotation").doesNotContain("PRIVATE KEY");
		}
	}

	@Test
	void jwksWhenHmacKeyThenEmptySetStillCacheable() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties("AUTH_SECRET=" + BridgeTest.SECRET)
			.run("--server.port=0")) {
			client(context).get()
				.uri("/api/auth/jwks")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
				.expectBody()
				.json("{\"keys\":[]}", true);
		}
	}

	/** The access token {@code /api/auth/session} hands a signed-in browser. */
	private static String accessToken(WebTestClient client) {
		return (String) TestSessions
			.session(client, TestSessions.issuedAt(Instant.now().minusSeconds(60), TestSessions.OCTOCAT))
			.get("accessToken");
	}

	/** {@code token}, after jose4j verified it against {@code jwks} as Hasura would. */
	private static JsonWebSignature verified(String token, JsonWebKeySet jwks) throws Exception {
		JsonWebSignature jws = new JsonWebSignature();
		jws.setCompactSerialization(token);
		jws.setKey(new VerificationJwkSelector().select(jws, jwks.getJsonWebKeys()).getKey());
		assertThat(jws.verifySignature()).as("jose4j verifies the access token against the served JWKS").isTrue();
		return jws;
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

}
