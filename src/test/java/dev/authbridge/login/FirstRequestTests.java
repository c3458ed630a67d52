package dev.authbridge.login;

import static dev.authbridge.login.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.FreePort;
import dev.authbridge.login.Browser.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A new instance in a scaled-out deployment gets traffic as soon as it listens: its very first request, sent the
 * moment the port accepts a connection, must be answered as any later one is, while the work it needs that started
 * with the instance (OIDC discovery here) is still in flight. Each case starts several fresh instances.
 */
class FirstRequestTests {

	static final int STARTS = 5;

	/** Longer than the time from listening to discovery's start, so every first request meets discovery in flight. */
	static final Duration DISCOVERY = Duration.ofMillis(400);

	@AfterEach
	void resetProviders() {
		Upstreams.auth0().reset();
	}

	@Test
	void callbackWhenFirstRequestOfFreshInstanceWhileDiscoveryInFlightThenSignedIn() throws Exception {
		List<BridgeInstance> instances = new ArrayList<>();
		try {
			BridgeInstance first = BridgeInstance.start(Upstreams.properties());
			instances.add(first);
			Browser.awaitProvider(first.port(), "auth0", Duration.ofSeconds(10));
			Upstreams.auth0().discoveryDelays(DISCOVERY);
			for (int start = 0; start < STARTS; start++) {
				Browser browser = new Browser(first.port());
				Page backFromProvider = browser.visit(browser.startSignIn("auth0", "/").location());

				int port = FreePort.next();
				CompletableFuture<BridgeInstance> fresh = BridgeInstance.startAndAwaitPort(port,
						Upstreams.properties());
				browser.routeTo(port);
				Page callback = browser.visit(backFromProvider.location());
				instances.add(fresh.join());

				assertThat(callback.location()).as("start %d", start).hasToString(BridgeTest.URL + "/");
				assertThat(callback.sets(SESSION_COOKIE)).isTrue();
				assertThat(browser.session()).extracting("user.id").isEqualTo("auth0|" + OidcProvider.SUBJECT);
			}
		}
		finally {
			// in one JVM the instances share Reactor Netty's event loops, which the first to close shuts down
			Collections.reverse(instances);
			instances.forEach(BridgeInstance::close);
		}
	}

}
