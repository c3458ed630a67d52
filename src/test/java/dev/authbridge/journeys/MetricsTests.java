package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The {@code authbridge_*} counters at {@code /actuator/prometheus} move with real
 * requests: each {@code /session} answer, each token rejection reason, each finished
 * sign-in. The context is shared, so each test reads deltas.
 */
@FlowTest
class MetricsTests {

	private static final String SESSIONS = "authbridge_session_requests_total";

	@LocalServerPort
	int port;

	@Test
	void sessionWhenSignedOutThenSignedOutCounted(Browser browser) {
		assertIncrements(SESSIONS + "{result=\"signed_out\"}", () -> browser.session());
	}

	@Test
	void sessionWhenSignedInThenSignedInCounted(Browser browser) {
		browser.signIn("github", "/");

		assertIncrements(SESSIONS + "{result=\"signed_in\"}", () -> browser.session());
	}

	@Test
	void sessionWhenCookieTamperedThenRejectedCountedWithReason(Browser browser) {
		browser.signIn("github", "/");
		String token = browser.cookies().get(SESSION_COOKIE);
		browser.cookies().put(SESSION_COOKIE, token.substring(0, token.length() - 2) + "AA");

		assertIncrements(SESSIONS + "{result=\"rejected\"}", () -> browser.session());
		assertIncrements("authbridge_token_rejections_total{reason=\"bad_signature\"}", () -> {
			browser.cookies().put(SESSION_COOKIE, token.substring(0, token.length() - 2) + "AA");
			browser.session();
		});
	}

	@Test
	void prometheusWhenNothingRejectedYetThenEveryRejectionReasonAlreadyExported() {
		assertThat(Prometheus.scrape(this.port)).contains("authbridge_token_rejections_total{reason=\"too_large\"}")
			.contains("authbridge_token_rejections_total{reason=\"bad_claim_roles\"}")
			.contains("authbridge_signins_total{outcome=\"success\",provider=\"auth0\",reason=\"none\"}");
	}

	@Test
	void callbackWhenSignedInThenSuccessCountedForProvider(Browser browser) {
		assertIncrements("authbridge_signins_total{outcome=\"success\",provider=\"github\",reason=\"none\"}",
				() -> browser.signIn("github", "/"));
	}

	@Test
	void callbackWhenProviderFailsThenFailureCountedWithReason(Browser browser) {
		Upstreams.github().tokenEndpointFails(500);

		assertIncrements(
				"authbridge_signins_total{outcome=\"failure\",provider=\"github\",reason=\"token_exchange_failed\"}",
				() -> browser.signIn("github", "/"));
	}

	@Test
	void callbackWhenProviderUnknownThenFailureCountedAsUnknownProvider(Browser browser) {
		assertIncrements(
				"authbridge_signins_total{outcome=\"failure\",provider=\"unknown\",reason=\"state_cookie_missing\"}",
				() -> browser.visit(URI.create(BridgeTest.URL + "/api/auth/callback/no-such-idp?code=c&state=s")));
	}

	private void assertIncrements(String series, Runnable requests) {
		double before = Prometheus.sample(this.port, series);
		requests.run();
		assertThat(Prometheus.sample(this.port, series)).as(series).isEqualTo(before + 1);
	}

}
