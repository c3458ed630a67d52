package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.FreePort;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OIDC discovery as an operator meets it, each case in a bridge of its own: the issuer
 * written with a trailing slash as real Auth0 issuers are (every other flow test writes
 * it without), and an IdP that is down while the bridge starts and comes up later.
 */
class OidcDiscoveryTests {

	@BeforeEach
	void resetProviders() {
		Upstreams.github().reset();
		Upstreams.auth0().reset();
	}

	@Test
	void signInWhenIssuerEndsWithSlashThenDiscoveredAndSignedIn() throws Exception {
		try (BridgeInstance bridge = BridgeInstance.start(Upstreams.properties(Upstreams.auth0().issuer() + "/"))) {
			Browser.awaitProvider(bridge.port(), "auth0", Duration.ofSeconds(10));
			Browser browser = new Browser(bridge.port());

			assertThat(browser.signIn("auth0", "/").sets(SESSION_COOKIE)).isTrue();
			assertThat(browser.session()).extracting("user.id").isEqualTo("auth0|" + OidcProvider.SUBJECT);
		}
	}

	@Test
	void signInWhenIdpDownAtStartupThenOthersWorkAndItWorksOnceUpWithoutRestart() throws Exception {
		int port = FreePort.next();
		try (BridgeInstance bridge = BridgeInstance
			.start(Upstreams.properties("http://localhost:" + port + "/auth0"))) {
			Browser browser = new Browser(bridge.port());
			assertThat(browser.signIn("github", "/").sets(SESSION_COOKIE)).as("GitHub unaffected").isTrue();
			assertThat(browser.startSignIn("auth0", "/").location())
				.hasToString(BridgeTest.URL + "/api/auth/error?error=OAuthSignin&reason=provider_unavailable");

			// discovery retries after 1 s, 2 s, 4 s, …: an IdP up now is found within a
			// few seconds
			try (OidcProvider late = new OidcProvider(port)) {
				Browser.awaitProvider(bridge.port(), "auth0", Duration.ofSeconds(15));

				assertThat(browser.signIn("auth0", "/").sets(SESSION_COOKIE)).isTrue();
				assertThat(browser.session()).extracting("user.id").isEqualTo("auth0|" + OidcProvider.SUBJECT);
			}
		}
	}

}
