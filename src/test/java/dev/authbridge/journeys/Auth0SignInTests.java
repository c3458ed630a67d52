package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.FLOW_COOKIE;
import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static dev.authbridge.journeys.SignInAssertions.assertCallbackFailed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.S256;
import dev.authbridge.BridgeTest;
import dev.authbridge.journeys.Browser.Page;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Sign-in with Auth0 (an OIDC provider found by discovery) through a real OIDC
 * implementation: the authorization request, the ID token checks of OIDC Core §3.1.3.7
 * and the session that results. The issuer here has no trailing slash;
 * {@link OidcDiscoveryTests} covers the other spelling.
 */
@FlowTest
class Auth0SignInTests {

	final OidcProvider auth0 = Upstreams.auth0();

	@Test
	void signinWhenAuth0ThenAuthorizationRequestHasClientRedirectScopeStatePkceAndNonce(Browser browser) {
		Page toProvider = browser.startSignIn("auth0", "/");

		assertThat(toProvider.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(toProvider.location()).asString().startsWith(this.auth0.issuer() + "/authorize?");
		assertThat(toProvider.param("client_id")).isEqualTo(OidcProvider.CLIENT_ID);
		assertThat(toProvider.param("redirect_uri")).isEqualTo(BridgeTest.URL + "/api/auth/callback/auth0");
		assertThat(toProvider.param("response_type")).isEqualTo("code");
		assertThat(toProvider.param("scope").split(" ")).contains("openid", "profile", "email");
		assertThat(toProvider.param("state")).matches("[A-Za-z0-9_-]{43}");
		assertThat(toProvider.param("code_challenge")).matches("[A-Za-z0-9_-]{43}");
		assertThat(toProvider.param("code_challenge_method")).isEqualTo("S256");
		assertThat(toProvider.param("nonce")).matches("[A-Za-z0-9_-]{43}");
		assertThat(toProvider.sets(FLOW_COOKIE)).isTrue();
	}

	@Test
	void callbackWhenIdTokenValidThenSessionForAuth0SubjectAndFlowCookieCleared(Browser browser) {
		Page landed = browser.signIn("auth0", "/dashboard");

		assertThat(landed.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(landed.location()).hasToString(BridgeTest.URL + "/dashboard");
		assertThat(landed.sets(SESSION_COOKIE)).isTrue();
		assertThat(landed.clears(FLOW_COOKIE)).isTrue();
		assertThat(browser.session().get("user"))
			.isEqualTo(SignInAssertions.providerUser("auth0|" + OidcProvider.SUBJECT, "Ada Lovelace",
					"ada@example.test", "https://cdn.example.test/ada.png"));
	}

	@Test
	void callbackWhenSecondSignInThenSignedInAgainAsTheNewUser(Browser browser) {
		assertThat(browser.signIn("auth0", "/").sets(SESSION_COOKIE)).isTrue();
		this.auth0.willSignIn("7f00ba11", Map.of("name", "Grace Hopper", "email", "grace@example.test"));

		Page again = browser.signIn("auth0", "/");

		assertThat(again.sets(SESSION_COOKIE)).isTrue();
		assertThat(browser.session()).extracting("user")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("id", "auth0|7f00ba11")
			.containsEntry("name", "Grace Hopper")
			.containsEntry("email", "grace@example.test");
	}

	@Test
	void callbackWhenIdTokenNonceIsAnotherThenIdTokenInvalid(Browser browser) {
		this.auth0.willSignIn(OidcProvider.SUBJECT, Map.of("nonce", S256.of("a nonce from another sign-in")));

		assertCallbackFailed(browser.signIn("auth0", "/"), "id_token_invalid");
	}

	@Test
	void callbackWhenIdTokenForAnotherAudienceThenIdTokenInvalid(Browser browser) {
		this.auth0.willSignIn(OidcProvider.SUBJECT, Map.of("aud", "another-client", "azp", "another-client"));

		assertCallbackFailed(browser.signIn("auth0", "/"), "id_token_invalid");
	}

	@Test
	void callbackWhenIdTokenFromAnotherIssuerThenIdTokenInvalid(Browser browser) {
		this.auth0.willSignIn(OidcProvider.SUBJECT, Map.of("iss", "https://evil.example.test/"));

		assertCallbackFailed(browser.signIn("auth0", "/"), "id_token_invalid");
	}

	@Test
	void callbackWhenIdTokenSignedWithUnpublishedKeyThenIdTokenInvalid(Browser browser) {
		this.auth0.signWithImpostorKey();

		assertCallbackFailed(browser.signIn("auth0", "/"), "id_token_invalid");
	}

	@Test
	void callbackWhenCodeReplayedThenProviderRefusesAndNoSecondSession(Browser browser, Browser attacker) {
		Page toProvider = browser.startSignIn("auth0", "/");
		String flowCookie = browser.cookies().get(FLOW_COOKIE);
		Page backFromProvider = browser.visit(toProvider.location());
		assertThat(browser.visit(backFromProvider.location()).sets(SESSION_COOKIE)).isTrue();

		// an attacker who captured the callback URL and the flow cookie replays both,
		// without the session
		attacker.cookies().put(FLOW_COOKIE, flowCookie);
		Page replayed = attacker.visit(backFromProvider.location());

		assertCallbackFailed(replayed, "token_exchange_failed");
		assertThat(attacker.session()).isEmpty();
	}

}
