package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.journeys.Browser.Page;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two instances sharing AUTH_SECRET behind one load balancer: a sign-in started on one
 * finishes on the other, since the flow lives only in the sealed cookie, and the session
 * it makes is good on both.
 */
@FlowTest
class ScaleOutTests {

	static BridgeInstance other;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startOtherInstance() throws InterruptedException {
		other = BridgeInstance.start(Upstreams.properties());
		Browser.awaitProvider(other.port(), "auth0", Duration.ofSeconds(10));
	}

	@AfterAll
	static void stopOtherInstance() {
		other.close();
	}

	@Test
	void callbackWhenAuth0FlowStartedHereLandsOnOtherInstanceThenSignedInOnBoth(Browser browser) {
		Page toProvider = browser.startSignIn("auth0", "/");
		Page backFromProvider = browser.visit(toProvider.location());

		browser.routeTo(other.port());
		Page landed = browser.visit(backFromProvider.location());

		assertThat(landed.sets(SESSION_COOKIE)).isTrue();
		assertThat(browser.session()).extracting("user.id").isEqualTo("auth0|" + OidcProvider.SUBJECT);
		browser.routeTo(this.port);
		assertThat(browser.session()).extracting("user.id").isEqualTo("auth0|" + OidcProvider.SUBJECT);
	}

	@Test
	void callbackWhenGithubFlowStartedOnOtherInstanceLandsHereThenSignedIn(Browser browser) {
		browser.routeTo(other.port());
		Page toProvider = browser.startSignIn("github", "/");
		Page backFromProvider = browser.visit(toProvider.location());

		browser.routeTo(this.port);
		Page landed = browser.visit(backFromProvider.location());

		assertThat(landed.sets(SESSION_COOKIE)).isTrue();
		assertThat(browser.session()).extracting("user.id").isEqualTo("github|583231");
	}

}
