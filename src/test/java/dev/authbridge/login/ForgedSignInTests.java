package dev.authbridge.login;

import static dev.authbridge.login.Browser.FLOW_COOKIE;
import static dev.authbridge.login.SignInAssertions.assertCallbackFailed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.config.BridgeSettings;
import dev.authbridge.login.Browser.Page;
import dev.authbridge.login.GithubStandIn.Account;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign-ins someone tampers with: a form posted without the CSRF token (OWASP CSRF cheat sheet, double submit), and
 * callbacks whose state, flow cookie, age or provider do not match (RFC 6749 §10.12). Each is refused before any code
 * is redeemed, without a session, and the flow cookie is cleared.
 */
@FlowTest
class ForgedSignInTests {

	private static final String GITHUB_CALLBACK = BridgeTest.URL + "/api/auth/callback/github";

	@Autowired
	BridgeSettings settings;

	final GithubStandIn github = Upstreams.github();

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = "0000000000000000000000000000000000000000000000000000000000000000")
	void signinWhenCsrfTokenMissingOrWrongThenBackToSigninWithoutFlow(String csrfToken, Browser browser) {
		browser.csrfToken();
		Map<String, String> form = new LinkedHashMap<>();
		form.put("csrfToken", csrfToken);
		form.put("callbackUrl", "/");

		Page page = browser.submit("/api/auth/signin/github", form);

		assertThat(page.location()).hasToString(BridgeTest.URL + "/api/auth/signin?csrf=true");
		assertThat(page.setCookies()).doesNotContainKey(FLOW_COOKIE);
	}

	@Test
	void callbackWhenStateDiffersFromFlowThenStateMismatch(Browser browser) {
		URI callback = approvedCallback(browser, "github");
		URI forged = UriComponentsBuilder.fromUri(callback).replaceQueryParam("state", "forged").build(true).toUri();

		assertCallbackFailed(browser.visit(forged), "state_mismatch");
		assertThat(this.github.tokenRequests()).isEmpty();
	}

	@Test
	void callbackWhenFlowCookieMissingThenStateCookieMissing(Browser browser) {
		URI callback = approvedCallback(browser, "github");
		browser.cookies().remove(FLOW_COOKIE);

		assertCallbackFailed(browser.visit(callback), "state_cookie_missing");
		assertThat(this.github.tokenRequests()).isEmpty();
	}

	@Test
	void callbackWhenFlowCookieBitFlippedThenStateCookieInvalid(Browser browser) {
		URI callback = approvedCallback(browser, "github");
		String[] jwe = browser.cookies().get(FLOW_COOKIE).split("\\.");
		byte[] ciphertext = Base64.getUrlDecoder().decode(jwe[3]);
		ciphertext[0] ^= 1;
		jwe[3] = Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext);
		browser.cookies().put(FLOW_COOKIE, String.join(".", jwe));

		assertCallbackFailed(browser.visit(callback), "state_cookie_invalid");
		assertThat(this.github.tokenRequests()).isEmpty();
	}

	@Test
	void callbackWhenFlowStartedMoreThanFifteenMinutesAgoThenStateExpired(Browser browser) {
		Clock sixteenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16));
		FlowCookieSealer sealer = new FlowCookieSealer(this.settings.derivedKey("flow"), sixteenMinutesAgo);
		browser.cookies().put(FLOW_COOKIE, sealer.seal(sealer.start("github", "the-state", "the-verifier", null,
				GITHUB_CALLBACK, BridgeTest.URL + "/")));

		Page page = browser.visit(URI.create(GITHUB_CALLBACK + "?code=" + Account.OCTOCAT.code + "&state=the-state"));

		assertCallbackFailed(page, "state_expired");
		assertThat(this.github.tokenRequests()).isEmpty();
	}

	@Test
	void callbackWhenFlowNamesAProviderNoLongerEnabledThenUnknownProvider(Browser browser) {
		FlowCookieSealer sealer = new FlowCookieSealer(this.settings.derivedKey("flow"), Clock.systemUTC());
		String gitlabCallback = BridgeTest.URL + "/api/auth/callback/gitlab";
		browser.cookies().put(FLOW_COOKIE, sealer.seal(sealer.start("gitlab", "the-state", "the-verifier", null,
				gitlabCallback, BridgeTest.URL + "/")));

		assertCallbackFailed(browser.visit(URI.create(gitlabCallback + "?code=some-code&state=the-state")),
				"unknown_provider");
	}

	@Test
	void callbackWhenFlowStartedForGithubArrivesAtAuth0ThenProviderMismatch(Browser browser) {
		URI callback = approvedCallback(browser, "github");
		URI atAuth0 = URI.create(callback.toString().replace("/callback/github?", "/callback/auth0?"));

		assertCallbackFailed(browser.visit(atAuth0), "provider_mismatch");
	}

	/** Where GitHub sends the browser back once the user approved: the callback, not yet visited. */
	private static URI approvedCallback(Browser browser, String provider) {
		Page toProvider = browser.startSignIn(provider, "/");
		return browser.visit(toProvider.location()).location();
	}

}
