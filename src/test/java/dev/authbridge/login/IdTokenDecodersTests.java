package dev.authbridge.login;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

/**
 * The ID token checks of OIDC Core §3.1.3.7 against a JWKS of its own, and the line
 * ProviderLogin draws on them: a token failing a check is a {@link BadJwtException}
 * ({@code id_token_invalid}), a JWKS that cannot be fetched is any other error
 * ({@code provider_unavailable}).
 */
class IdTokenDecodersTests {

	static final String CLIENT_ID = "auth0-client-id";

	static final RSAKey KEY = rsaKey("the-key");

	static final WireMockServer idp = jwksServer();

	static final String ISSUER = "http://127.0.0.1:" + idp.port() + "/";

	final IdTokenDecoders decoders = new IdTokenDecoders(WebClient.create());

	@AfterAll
	static void stopIdp() {
		idp.stop();
	}

	@Test
	void createDecoderWhenTokenPassesEveryCheckThenItsClaims() {
		StepVerifier.create(this.decoders.createDecoder(registration("/jwks")).decode(signed(KEY, claims().build())))
			.assertNext(jwt -> {
				assertThat(jwt.getSubject()).isEqualTo("auth0|ada");
				assertThat(jwt.getIssuer()).hasToString(ISSUER);
			})
			.verifyComplete();
	}

	@Test
	void createDecoderWhenSameRegistrationAgainThenSameDecoder() {
		assertThat(this.decoders.createDecoder(registration("/jwks")))
			.isSameAs(this.decoders.createDecoder(registration("/jwks")));
	}

	static Stream<Arguments> invalidTokens() {
		Instant now = Instant.now();
		return Stream.of(invalid("signed by another key", claims -> claims, rsaKey("the-key")),
				invalid("another issuer", claims -> claims.issuer("https://evil.example/"), KEY),
				invalid("for another client", claims -> claims.audience("another-client"), KEY),
				invalid("another authorized party among audiences",
						claims -> claims.audience(List.of(CLIENT_ID, "another-client")).claim("azp", "another-client"),
						KEY),
				invalid("expired beyond the clock skew",
						claims -> claims.expirationTime(Date.from(now.minus(Duration.ofMinutes(2)))), KEY),
				invalid("without subject", claims -> claims.subject(null), KEY),
				invalid("without issued-at", claims -> claims.issueTime(null), KEY));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidTokens")
	void createDecoderWhenTokenFailsACheckThenBadJwt(UnaryOperator<JWTClaimsSet.Builder> change, RSAKey signer) {
		String token = signed(signer, change.apply(claims()).build());

		StepVerifier.create(this.decoders.createDecoder(registration("/jwks")).decode(token))
			.expectError(BadJwtException.class)
			.verify();
	}

	@Test
	void createDecoderWhenJwksAnswersAnErrorThenAnErrorOtherThanBadJwt() {
		StepVerifier.create(this.decoders.createDecoder(registration("/down")).decode(signed(KEY, claims().build())))
			.expectErrorSatisfies(error -> assertThat(error).isNotInstanceOf(BadJwtException.class))
			.verify();
	}

	private static Arguments invalid(String name, UnaryOperator<JWTClaimsSet.Builder> change, RSAKey signer) {
		return arguments(named(name, change), signer);
	}

	private static JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject("auth0|ada")
			.audience(CLIENT_ID)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
	}

	/**
	 * Auth0's registration as discovery gives it, its JWKS at {@code jwksPath} of the
	 * fake IdP.
	 */
	private static ClientRegistration registration(String jwksPath) {
		return ClientRegistration.withRegistrationId("auth0" + jwksPath.replace('/', '-'))
			.clientId(CLIENT_ID)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://app.example.test/api/auth/callback/auth0")
			.authorizationUri(ISSUER + "authorize")
			.tokenUri(ISSUER + "oauth/token")
			.jwkSetUri(ISSUER.replaceAll("/$", "") + jwksPath)
			.issuerUri(ISSUER)
			.scope("openid")
			.build();
	}

	private static String signed(RSAKey key, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * The IdP: {@code /jwks} publishes {@link #KEY}, {@code /down} answers as a proxy
	 * before a dead one would.
	 */
	private static WireMockServer jwksServer() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.stubFor(get(urlPathEqualTo("/jwks")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(new JWKSet(KEY.toPublicJWK()).toString())));
		server.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));
		server.start();
		return server;
	}

	private static RSAKey rsaKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
