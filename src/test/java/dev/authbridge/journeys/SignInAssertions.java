package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.FLOW_COOKIE;
import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.journeys.Browser.Page;
import org.springframework.http.HttpStatus;

/**
 * How a sign-in that must fail looks to the browser: the error page with the reason, no
 * session, no flow left.
 */
final class SignInAssertions {

	private SignInAssertions() {
	}

	/** The callback failed with {@code OAuthCallback} and {@code reason}. */
	static void assertCallbackFailed(Page page, String reason) {
		assertFailed(page, "OAuthCallback", reason);
	}

	static void assertFailed(Page page, String code, String reason) {
		assertThat(page.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(page.location()).hasToString(BridgeTest.URL + "/api/auth/error?error=" + code + "&reason=" + reason);
		assertThat(page.setCookies()).as("no session").doesNotContainKey(SESSION_COOKIE);
		assertThat(page.clears(FLOW_COOKIE)).as("flow cookie cleared").isTrue();
	}

}
