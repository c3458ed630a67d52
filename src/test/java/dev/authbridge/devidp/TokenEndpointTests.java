package dev.authbridge.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.S256;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authbridge.config.BridgeSettings;
import dev.authbridge.devidp.DevIdpTest.FreePort;
import dev.authbridge.seal.Sealer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * {@code POST /dev-idp/token}: a code is redeemed only by the authenticated client, with
 * the redirect URI and PKCE verifier it was bound to, before it expires; every refusal is
 * RFC 6749 §5.2 JSON that no cache keeps.
 */
@DevIdpTest
class TokenEndpointTests {

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	WebTestClient client;

	@Autowired
	BridgeSettings settings;

	@Test
	void tokenWhenCodeRedeemedWithBasicAuthThenSignedIdTokenAndWorkingAccessToken() throws Exception {
		Map<String, Object> tokens = token(DevIdpRequests.tokenRequest(DevIdpRequests.code(this.client)), this::basic)
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(tokens).containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 300)
			.containsEntry("scope", "openid profile email");

		SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
		String jwks = this.client.get()
			.uri("/dev-idp/jwks")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		RSAKey key = JWKSet.parse(jwks).getKeyByKeyId(idToken.getHeader().getKeyID()).toRSAKey();
		assertThat(key.isPrivate()).isFalse();
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
		JWTClaimsSet claims = idToken.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(FreePort.URL + "/dev-idp");
		assertThat(claims.getAudience()).containsExactly(DevIdp.CLIENT_ID);
		assertThat(claims.getStringClaim("nonce")).isEqualTo(DevIdpRequests.NONCE);
		assertThat(claims.getStringClaim("name")).isEqualTo("Ada Lovelace");
		assertThat(claims.getStringClaim("email")).isEqualTo("ada@example.test");
		assertThat(claims.getBooleanClaim("email_verified")).isTrue();
		assertThat(claims.getSubject()).matches("[0-9a-f]{16}");
		assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());

		this.client.get()
			.uri("/dev-idp/userinfo")
			.headers(headers -> headers.setBearerAuth((String) tokens.get("access_token")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sub")
			.isEqualTo(claims.getSubject())
			.jsonPath("$.name")
			.isEqualTo("Ada Lovelace")
			.jsonPath("$.email")
			.isEqualTo("ada@example.test")
			.jsonPath("$.email_verified")
			.isEqualTo(true);
	}

	@Test
	void tokenWhenClientSecretPostThenTokens() {
		MultiValueMap<String, String> form = DevIdpRequests.tokenRequest(DevIdpRequests.code(this.client));
		form.add("client_id", DevIdp.CLIENT_ID);
		form.add("client_secret", secret());
		token(form, headers -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.id_token").isNotEmpty();
	}

	@Test
	void tokenWhenClientSecretWrongThenInvalidClient() {
		token(DevIdpRequests.tokenRequest(DevIdpRequests.code(this.client)),
				headers -> headers.setBasicAuth(DevIdp.CLIENT_ID, secret() + "x"))
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenNoClientAuthenticationThenInvalidClient() {
		token(DevIdpRequests.tokenRequest(DevIdpRequests.code(this.client)), headers -> {
		}).expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenCodeVerifierWrongThenInvalidGrant() {
		MultiValueMap<String, String> form = DevIdpRequests.tokenRequest(DevIdpRequests.code(this.client));
		form.set("code_verifier", DevIdpRequests.VERIFIER.replace('0', '1'));
		expectError(token(form, this::basic), "invalid_grant");
	}

	@Test
	void tokenWhenRedirectUriDiffersThenInvalidGrant() {
		MultiValueMap<String, String> form = DevIdpRequests.tokenRequest(DevIdpRequests.code(this.client));
		form.set("redirect_uri", FreePort.URL + "/api/auth/callback/github");
		expectError(token(form, this::basic), "invalid_grant");
	}

	@Test
	void tokenWhenCodeTamperedThenInvalidGrant() {
		String code = DevIdpRequests.code(this.client);
		int last = code.length() - 1;
		String tampered = code.substring(0, last - 10) + (code.charAt(last - 10) == 'A' ? 'B' : 'A')
				+ code.substring(last - 9);
		expectError(token(DevIdpRequests.tokenRequest(tampered), this::basic), "invalid_grant");
	}

	@Test
	void tokenWhenCodeExpiredThenInvalidGrant() {
		Clock twoMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(2)), ZoneOffset.UTC);
		AuthorizationCodes codes = new AuthorizationCodes(
				new Sealer(this.settings.derivedKey("dev-idp"), twoMinutesAgo));
		String expired = codes.issue(new AuthorizationRequest(DevIdpRequests.REDIRECT_URI, "openid", null,
				DevIdpRequests.NONCE, S256.of(DevIdpRequests.VERIFIER)), DevUser.of("Ada", "ada@example.test"));
		expectError(token(DevIdpRequests.tokenRequest(expired), this::basic), "invalid_grant");
	}

	@Test
	void tokenWhenGrantTypeOtherThenUnsupportedGrantType() {
		MultiValueMap<String, String> form = DevIdpRequests.tokenRequest(DevIdpRequests.code(this.client));
		form.set("grant_type", "password");
		expectError(token(form, this::basic), "unsupported_grant_type");
	}

	@Test
	void tokenWhenCodeVerifierMissingThenInvalidRequest() {
		MultiValueMap<String, String> form = DevIdpRequests.tokenRequest(DevIdpRequests.code(this.client));
		form.remove("code_verifier");
		expectError(token(form, this::basic), "invalid_request");
	}

	@Test
	void tokenWhenFormEncodingBrokenThenInvalidRequest() {
		expectError(this.client.post()
			.uri("/dev-idp/token")
			.headers(this::basic)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("grant_type=authorization_code&code=%zz")
			.exchange(), "invalid_request");
	}

	private WebTestClient.ResponseSpec token(MultiValueMap<String, String> form, Consumer<HttpHeaders> headers) {
		return this.client.post()
			.uri("/dev-idp/token")
			.headers(headers)
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

	private static void expectError(WebTestClient.ResponseSpec response, String error) {
		response.expectStatus()
			.isBadRequest()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo(error)
			.jsonPath("$.id_token")
			.doesNotExist();
	}

	private void basic(HttpHeaders headers) {
		headers.setBasicAuth(DevIdp.CLIENT_ID, secret());
	}

	private String secret() {
		return this.settings.devIdp().orElseThrow().clientSecret();
	}

}
