package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.FLOW_COOKIE;
import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.journeys.Browser.Page;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * How a sign-in looks to the browser: a provider's user as the session shows it, and a
 * sign-in that must fail: the error page with the reason, no session, no flow left.
 */
final class SignInAssertions {

	private SignInAssertions() {
	}

	/**
	 * The session's {@code user} of a provider's sign-in: {@code emailVerified} is null
	 * for them, as NextAuth's adapter has it for OAuth accounts.
	 */
	static Map<String, Object> providerUser(String id, String name, String email, String image) {
		Map<String, Object> user = new HashMap<>(Map.of("id", id, "name", name, "email", email, "image", image));
		user.put("emailVerified", null);
		return user;
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
