package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.journeys.GithubStandIn.Account;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A failed sign-in is logged with its provider and reason and nothing a thief could use:
 * no client secret (plain or in its Basic header), no authorization code, no access
 * token. Each failure breaks GitHub at a step where those are in flight.
 */
@FlowTest
@ExtendWith(OutputCaptureExtension.class)
class FlowLogTests {

	final GithubStandIn github = Upstreams.github();

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.of("token endpoint 500", (Consumer<GithubStandIn>) github -> github.tokenEndpointFails(500),
						"token_exchange_failed"),
				Arguments.of("token endpoint too slow",
						(Consumer<GithubStandIn>) github -> github.tokenEndpointDelays(Duration.ofSeconds(3)),
						"token_exchange_failed"),
				Arguments.of("/user 502", (Consumer<GithubStandIn>) github -> github.apiFails("/user", 502),
						"userinfo_failed"),
				Arguments.of("/user/emails 502",
						(Consumer<GithubStandIn>) github -> github.apiFails("/user/emails", 502), "userinfo_failed"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void callbackWhenGithubFailsThenReasonLoggedWithoutSecretCodeOrToken(String name, Consumer<GithubStandIn> failure,
			String reason, Browser browser, CapturedOutput output) {
		failure.accept(this.github);

		browser.signIn("github?login=monalisa", "/");

		assertThat(output)
			.containsPattern("Sign-in with github failed: OAuthCallback reason=" + reason + " request=[0-9a-f]{16}")
			.doesNotContain(GithubStandIn.CLIENT_SECRET)
			.doesNotContain(GithubStandIn.basicAuthorization(GithubStandIn.CLIENT_SECRET).substring("Basic ".length()))
			.doesNotContain(OidcProvider.CLIENT_SECRET)
			.doesNotContain(Account.MONALISA.code)
			.doesNotContain(Account.MONALISA.accessToken());
	}

}
