package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.journeys.Browser.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a whole sign-in lands: the {@code callbackUrl} posted with the form when it is
 * the bridge's own origin or an allowlisted one, and {@code AUTH_URL}'s home for anything
 * else (no open redirect, RFC 6749 §10.15).
 */
@FlowTest
class CallbackUrlFlowTests {

	@ParameterizedTest
	@CsvSource({ "/dashboard?tab=1, " + BridgeTest.URL + "/dashboard?tab=1",
			BridgeTest.URL + "/account, " + BridgeTest.URL + "/account",
			BridgeTest.SPA + "/after-login, " + BridgeTest.SPA + "/after-login" })
	void signInWhenCallbackUrlOnOwnOrAllowlistedOriginThenLandsThere(String callbackUrl, String landing,
			Browser browser) {
		Page landed = browser.signIn("github", callbackUrl);

		assertThat(landed.location()).hasToString(landing);
		assertThat(landed.sets(SESSION_COOKIE)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "//evil.com", "/\\evil.com", "https://evil.com", "https://app@evil.com",
			"http://evil.com@app.example.test/", "javascript:alert(1)" })
	void signInWhenCallbackUrlLeavesAllowedOriginsThenLandsOnAuthUrlHome(String callbackUrl, Browser browser) {
		Page landed = browser.signIn("github", callbackUrl);

		assertThat(landed.location()).hasToString(BridgeTest.URL + "/");
		assertThat(landed.sets(SESSION_COOKIE)).isTrue();
	}

}
