package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authbridge.BridgeTest;
import dev.authbridge.config.BridgeSettings;
import dev.authbridge.session.HasuraJwtConfig;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.TestSessions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The access token follows HASURA_GRAPHQL_JWT_SECRET: key, algorithm, claims path and
 * format, issuer, audience.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "AUTH_SECRET=" + BridgeTest.SECRET,
				"HASURA_GRAPHQL_JWT_SECRET=" + HasuraClaimsLayoutTests.CONFIG, "AUTH_ACCESS_TOKEN_MAX_AGE=300",
				"AUTH_HASURA_ALLOWED_ROLES=reader" })
@AutoConfigureWebTestClient
class HasuraClaimsLayoutTests {

	static final String KEY = "hasura-key-0123456789abcdef0123456789abcdef0123456789abcdef012345";

	static final String CONFIG = "{\"type\":\"HS512\",\"key\":\"" + KEY + "\",\"claims_namespace_path\":"
			+ "\"$.hasura.claims\",\"claims_format\":\"stringified_json\",\"issuer\":\"https://auth.example.test\","
			+ "\"audience\":[\"app\",\"admin\"]}";

	@Autowired
	WebTestClient client;

	@Autowired
	SessionTokens sessions;

	@Test
	void sessionWhenHasuraConfigCustomThenAccessTokenLaidOutForIt() throws Exception {
		String session = this.sessions.issue(TestSessions.OCTOCAT).token();
		Map<?, ?> body = TestSessions.session(this.client, session);

		SignedJWT token = SignedJWT.parse((String) body.get("accessToken"));
		assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS512);
		assertThat(token.verify(new MACVerifier(KEY.getBytes(StandardCharsets.UTF_8)))).isTrue();
		JWTClaimsSet claims = token.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("https://auth.example.test");
		assertThat(claims.getAudience()).containsExactly("app", "admin");
		assertThat(claims.getExpirationTime().getTime() - System.currentTimeMillis()).isBetween(290_000L, 301_000L);
		Map<String, Object> hasura = claims.getJSONObjectClaim("hasura");
		Map<String, Object> hasuraClaims = JSONObjectUtils.parse((String) hasura.get("claims"));
		assertThat(hasuraClaims).isEqualTo(Map.of("x-hasura-allowed-roles", List.of("user", "editor"),
				"x-hasura-default-role", "user", "x-hasura-user-id", "github|583231"));
	}

	@Test
	void sessionCookieThenNeitherHasurasKeyNorItsClaims() throws Exception {
		SignedJWT session = SignedJWT.parse(this.sessions.issue(TestSessions.OCTOCAT).token());
		assertThat(session.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(session.verify(new MACVerifier(KEY.getBytes(StandardCharsets.UTF_8)))).isFalse();
		assertThat(session.verify(new MACVerifier(BridgeTest.SECRET.getBytes(StandardCharsets.UTF_8)))).isFalse();
		assertThat(session
			.verify(new MACVerifier(BridgeSettings.derivedKey(BridgeTest.SECRET, SessionTokens.KEY_PURPOSE)))).isTrue();
		assertThat(session.getJWTClaimsSet().getClaims()).doesNotContainKeys("hasura", "iss", "aud",
				HasuraJwtConfig.DEFAULT_NAMESPACE);
	}

}
