package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.FLOW_COOKIE;
import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static dev.authbridge.journeys.SignInAssertions.assertCallbackFailed;
import static dev.authbridge.journeys.SignInAssertions.assertFailed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.S256;
import dev.authbridge.BridgeTest;
import dev.authbridge.journeys.Browser.Page;
import dev.authbridge.journeys.GithubStandIn.Account;
import dev.authbridge.journeys.GithubStandIn.TokenRequest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign-in with GitHub (plain OAuth 2 with PKCE, profile from the REST API) against the
 * {@link GithubStandIn}: what the bridge sends, the private e-mail fallback, and how each
 * failure of GitHub's surfaces (the token endpoint failing or slow:
 * {@link IdpFaultTests}).
 */
@FlowTest
class GithubSignInTests {

	private static final String REDIRECT_URI = BridgeTest.URL + "/api/auth/callback/github";

	final GithubStandIn github = Upstreams.github();

	@Test
	void signinWhenGithubThenAuthorizeAtBaseUrlWithScopesStateAndPkceButNoNonce(Browser browser) {
		Page toGithub = browser.startSignIn("github", "/");

		assertThat(toGithub.location()).asString().startsWith(this.github.baseUrl() + "/login/oauth/authorize?");
		assertThat(toGithub.param("client_id")).isEqualTo(GithubStandIn.CLIENT_ID);
		assertThat(toGithub.param("redirect_uri")).isEqualTo(REDIRECT_URI);
		assertThat(toGithub.param("scope")).isEqualTo("read:user user:email");
		assertThat(toGithub.param("state")).matches("[A-Za-z0-9_-]{43}");
		assertThat(toGithub.param("code_challenge_method")).isEqualTo("S256");
		assertThat(toGithub.param("nonce")).isNull();
		assertThat(toGithub.sets(FLOW_COOKIE)).isTrue();
	}

	@Test
	void callbackWhenEmailPublicThenSignedInAndCodeRedeemedWithVerifierAndSameRedirectUri(Browser browser) {
		Page toGithub = browser.startSignIn("github", "/");
		Page backFromGithub = browser.visit(toGithub.location());
		Page landed = browser.visit(backFromGithub.location());

		assertThat(landed.location()).hasToString(BridgeTest.URL + "/");
		assertThat(landed.sets(SESSION_COOKIE)).isTrue();
		assertThat(landed.clears(FLOW_COOKIE)).isTrue();
		assertThat(browser.session().get("user")).isEqualTo(SignInAssertions.providerUser("github|583231",
				"The Octocat", "octocat@github.com", "https://avatars.githubusercontent.com/u/583231?v=4"));
		assertThat(this.github.tokenRequests()).singleElement().satisfies(request -> {
			assertThat(request.form()).containsEntry("grant_type", "authorization_code")
				.containsEntry("code", Account.OCTOCAT.code)
				.containsEntry("redirect_uri", REDIRECT_URI)
				.doesNotContainKey("client_secret");
			assertThat(S256.of(request.form().get("code_verifier"))).isEqualTo(toGithub.param("code_challenge"));
			assertThat(request.authorization())
				.isEqualTo(GithubStandIn.basicAuthorization(GithubStandIn.CLIENT_SECRET));
		});
	}

	@Test
	void callbackWhenEmailPrivateThenPrimaryVerifiedAddressFromUserEmailsAndLoginAsName(Browser browser) {
		Page landed = browser.signIn("github?login=monalisa", "/");

		assertThat(landed.sets(SESSION_COOKIE)).isTrue();
		assertThat(browser.session().get("user")).isEqualTo(SignInAssertions.providerUser("github|2154093875",
				"monalisa", "mona@example.com", "https://avatars.githubusercontent.com/u/2154093875?v=4"));
	}

	@Test
	void callbackWhenGithubAnswersBadVerificationCodeThenTokenExchangeFailed(Browser browser) {
		Page toGithub = browser.startSignIn("github", "/");
		URI callback = browser.visit(toGithub.location()).location();
		URI wrongCode = UriComponentsBuilder.fromUri(callback)
			.replaceQueryParam("code", "0000aaaa1111bbbb2222")
			.build(true)
			.toUri();

		assertCallbackFailed(browser.visit(wrongCode), "token_exchange_failed");
		assertThat(this.github.tokenRequests()).singleElement()
			.extracting(TokenRequest::form)
			.satisfies(form -> assertThat(form).containsEntry("code", "0000aaaa1111bbbb2222"));
	}

	@Test
	void callbackWhenUserEndpointFailsThenUserinfoFailed(Browser browser) {
		this.github.apiFails("/user", 502);

		assertCallbackFailed(browser.signIn("github", "/"), "userinfo_failed");
	}

	@Test
	void callbackWhenEmailsEndpointFailsForPrivateEmailThenUserinfoFailed(Browser browser) {
		this.github.apiFails("/user/emails", 502);

		assertCallbackFailed(browser.signIn("github?login=monalisa", "/"), "userinfo_failed");
	}

	@Test
	void callbackWhenUserCancelsAtGithubThenAccessDenied(Browser browser) {
		Page toGithub = browser.startSignIn("github", "/");

		Page landed = browser.visit(GithubStandIn.deniedRedirect(toGithub.location()));

		assertFailed(landed, "AccessDenied", "access_denied");
		assertThat(this.github.tokenRequests()).isEmpty();
	}

}
