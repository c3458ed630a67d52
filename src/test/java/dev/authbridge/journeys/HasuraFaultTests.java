package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static dev.authbridge.journeys.SignInAssertions.assertFailed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.FreePort;
import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.hasura.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Hasura failing while a sign-in upserts its shadow user (docs/faults.md): down, slower
 * than {@code AUTH_HASURA_TIMEOUT} (1 s here), or answering {@code errors}. Each ends on
 * the error page with its reason and a WARN line saying what Hasura did, without a
 * session; once Hasura is back the next sign-in works, with no restart.
 */
@FlowTest
@ExtendWith(OutputCaptureExtension.class)
class HasuraFaultTests extends HasuraFlowTest {

	@Test
	void callbackWhenHasuraDownThenHasuraUnavailableAndSignInWorksOnceItListens(CapturedOutput output)
			throws Exception {
		int unused = FreePort.next();
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.addAll(Upstreams.hasuraProperties());
		properties.add("HASURA_GRAPHQL_ENDPOINT=http://127.0.0.1:" + unused + "/v1/graphql");
		try (BridgeInstance bridge = BridgeInstance.start(properties)) {
			Browser browser = new Browser(bridge.port());

			assertFailed(browser.signIn("github", "/"), "Callback", "hasura_unavailable");
			assertThat(browser.session()).as("no session").isEmpty();
			assertThat(TestDatabase.user(OCTOCAT)).isEmpty();
			assertThat(output).contains("Hasura upsert failed: cannot connect to HASURA_GRAPHQL_ENDPOINT")
				.containsPattern("Sign-in with github failed: Callback reason=hasura_unavailable request=[0-9a-f]{16}");

			try (HasuraStandIn back = new HasuraStandIn(unused)) {
				assertSignedIn(new Browser(bridge.port()));
			}
		}
	}

	@Test
	void callbackWhenHasuraSlowerThanTimeoutThenHasuraUnavailableAndNextSignInWorks(Browser browser, Browser later,
			CapturedOutput output) {
		this.hasura.delay(Duration.ofSeconds(2));

		assertFailed(browser.signIn("github", "/"), "Callback", "hasura_unavailable");
		assertThat(browser.session()).as("no session").isEmpty();
		assertThat(output).contains("Hasura upsert failed: no answer within the timeout");

		this.hasura.reset();
		assertSignedIn(later);
	}

	@Test
	void callbackWhenHasuraAnswersErrorsThenHasuraRejectedAndNextSignInWorks(Browser browser, Browser later,
			CapturedOutput output) throws Exception {
		this.hasura.answerError("constraint-violation", "Uniqueness violation. duplicate key value");

		assertFailed(browser.signIn("github", "/"), "Callback", "hasura_rejected");
		assertThat(browser.session()).as("no session").isEmpty();
		assertThat(TestDatabase.user(OCTOCAT)).isEmpty();
		assertThat(output).contains("Hasura refused the upsert: constraint-violation")
			.doesNotContain("Uniqueness violation");

		this.hasura.reset();
		assertSignedIn(later);
	}

	private static void assertSignedIn(Browser browser) {
		assertThat(browser.signIn("github", "/").sets(SESSION_COOKIE)).isTrue();
		assertThat(browser.session()).extracting("user.id").isEqualTo(OCTOCAT);
		try {
			assertThat(TestDatabase.user(OCTOCAT)).containsEntry("name", "The Octocat");
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

}
