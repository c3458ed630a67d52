package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static dev.authbridge.journeys.SignInAssertions.assertCallbackFailed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The identity provider failing mid-sign-in (docs/faults.md): its token endpoint
 * erroring, timing out or merely slow, its JWKS unreachable. Each failure ends on the
 * error page with its reason and one WARN line, without a session; once the provider is
 * back the next sign-in works, with no restart. The provider timeout here is 2 s
 * ({@code AUTH_PROVIDER_TIMEOUT}).
 */
@FlowTest
@ExtendWith(OutputCaptureExtension.class)
class IdpFaultTests {

	final GithubStandIn github = Upstreams.github();

	final OidcProvider auth0 = Upstreams.auth0();

	static Stream<Arguments> tokenEndpointFaults() {
		return Stream.of(
				Arguments.of("token endpoint answers 500",
						(Consumer<GithubStandIn>) github -> github.tokenEndpointFails(500)),
				Arguments.of("token endpoint answers 503",
						(Consumer<GithubStandIn>) github -> github.tokenEndpointFails(503)),
				Arguments.of("token endpoint slower than the timeout",
						(Consumer<GithubStandIn>) github -> github.tokenEndpointDelays(Duration.ofSeconds(3))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tokenEndpointFaults")
	void callbackWhenTokenEndpointFailsThenTokenExchangeFailedAndNextSignInWorksOnceBack(String name,
			Consumer<GithubStandIn> fault, Browser browser, Browser later, CapturedOutput output) {
		fault.accept(this.github);

		assertCallbackFailed(browser.signIn("github", "/"), "token_exchange_failed");
		assertThat(browser.session()).as("no session").isEmpty();
		assertThat(output).containsPattern("WARN .* Sign-in with github failed: OAuthCallback "
				+ "reason=token_exchange_failed request=[0-9a-f]{16}");

		this.github.reset();
		assertSignedIn(later, "github", "github|583231");
	}

	@Test
	void callbackWhenTokenEndpointSlowButWithinTimeoutThenSignedIn(Browser browser) {
		this.github.tokenEndpointDelays(Duration.ofSeconds(1));

		assertSignedIn(browser, "github", "github|583231");
	}

	static Stream<Arguments> jwksFaults() {
		return Stream.of(Arguments.of("JWKS answers 503", (Consumer<OidcProvider>) auth0 -> auth0.jwksFails(503)),
				Arguments.of("JWKS slower than the timeout",
						(Consumer<OidcProvider>) auth0 -> auth0.jwksDelays(Duration.ofSeconds(3))));
	}

	/**
	 * A bridge fetches a provider's JWKS at its first OIDC sign-in and keeps it (fetching
	 * again only for an unknown key id), so the fault is played on a new bridge that has
	 * not fetched it yet.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("jwksFaults")
	void callbackWhenJwksUnreachableThenProviderUnavailableAndNextSignInWorksOnceBack(String name,
			Consumer<OidcProvider> fault, CapturedOutput output) throws Exception {
		try (BridgeInstance bridge = BridgeInstance.start(Upstreams.properties())) {
			Browser.awaitProvider(bridge.port(), "auth0", Duration.ofSeconds(10));
			fault.accept(this.auth0);
			Browser browser = new Browser(bridge.port());

			assertCallbackFailed(browser.signIn("auth0", "/"), "provider_unavailable");
			assertThat(browser.session()).as("no session").isEmpty();
			assertThat(output).containsPattern("WARN .* Sign-in with auth0 failed: OAuthCallback "
					+ "reason=provider_unavailable request=[0-9a-f]{16}");

			this.auth0.reset();
			assertSignedIn(new Browser(bridge.port()), "auth0", "auth0|" + OidcProvider.SUBJECT);
		}
	}

	private static void assertSignedIn(Browser browser, String provider, String userId) {
		assertThat(browser.signIn(provider, "/").sets(SESSION_COOKIE)).isTrue();
		assertThat(browser.session()).extracting("user.id").isEqualTo(userId);
	}

}
