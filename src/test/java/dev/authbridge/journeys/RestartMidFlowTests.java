package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static dev.authbridge.journeys.SignInAssertions.assertCallbackFailed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.journeys.Browser.Page;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An instance restarted between the two legs of a sign-in (docs/faults.md): the flow
 * lives only in the sealed {@code authbridge.oauth} cookie, so the browser coming back
 * finishes on the new process as if nothing happened, and sessions issued before the
 * restart stay good. Only a new {@code AUTH_SECRET} loses flows in flight: those end on
 * the error page and the user signs in again.
 */
class RestartMidFlowTests {

	@BeforeEach
	void resetProviders() {
		Upstreams.github().reset();
		Upstreams.auth0().reset();
	}

	@Test
	void callbackWhenInstanceRestartedAfterUserLeftForProviderThenSignedInOnTheNewProcess() throws Exception {
		Browser browser;
		URI callback;
		try (BridgeInstance before = BridgeInstance.start(Upstreams.properties())) {
			Browser.awaitProvider(before.port(), "auth0", Duration.ofSeconds(10));
			browser = new Browser(before.port());
			callback = approvedCallback(browser, "auth0");
		}
		try (BridgeInstance after = BridgeInstance.start(Upstreams.properties())) {
			Browser.awaitProvider(after.port(), "auth0", Duration.ofSeconds(10));
			browser.routeTo(after.port());

			Page landed = browser.visit(callback);

			assertThat(landed.sets(SESSION_COOKIE)).isTrue();
			assertThat(browser.session()).extracting("user.id").isEqualTo("auth0|" + OidcProvider.SUBJECT);
		}
	}

	@Test
	void sessionWhenInstanceRestartedThenSessionIssuedBeforeStillSignedIn() {
		Browser browser;
		try (BridgeInstance before = BridgeInstance.start(Upstreams.properties())) {
			browser = new Browser(before.port());
			assertThat(browser.signIn("github", "/").sets(SESSION_COOKIE)).isTrue();
		}
		try (BridgeInstance after = BridgeInstance.start(Upstreams.properties())) {
			browser.routeTo(after.port());

			assertThat(browser.session()).extracting("user.id").isEqualTo("github|583231");
		}
	}

	@Test
	void callbackWhenRestartedWithAnotherSecretThenStateCookieInvalidAndSigningInAgainWorks() {
		Browser browser;
		URI callback;
		try (BridgeInstance before = BridgeInstance.start(Upstreams.properties())) {
			browser = new Browser(before.port());
			callback = approvedCallback(browser, "github");
		}
		List<String> rotated = Upstreams.properties()
			.stream()
			.map(property -> property.startsWith("AUTH_SECRET=")
					? "AUTH_SECRET=rotated-secret-0123456789abcdef0123456789" : property)
			.toList();
		try (BridgeInstance after = BridgeInstance.start(rotated)) {
			browser.routeTo(after.port());

			assertCallbackFailed(browser.visit(callback), "state_cookie_invalid");
			assertThat(browser.signIn("github", "/").sets(SESSION_COOKIE)).isTrue();
		}
	}

	/**
	 * Where the provider sends the browser back once the user approved: the callback, not
	 * yet visited.
	 */
	private static URI approvedCallback(Browser browser, String provider) {
		return browser.visit(browser.startSignIn(provider, "/").location()).location();
	}

}
