package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.journeys.Browser.Page;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping an instance (a deploy, a scale-in) in the middle of a sign-in: the sign-in in
 * flight finishes with its session, and the instance accepts no new connection once the
 * stop has begun. The GraphQL proxy's WebSockets are told to reconnect elsewhere.
 */
class ShutdownTests {

	/**
	 * Within the 2 s provider timeout, and long enough for the stop to begin while the
	 * callback waits on it.
	 */
	static final Duration SLOW_JWKS = Duration.ofMillis(1500);

	@AfterEach
	void resetProviders() {
		Upstreams.auth0().reset();
	}

	@Test
	void stopWhenCallbackInFlightThenItFinishesSignedInAndNothingNewIsAccepted() throws Exception {
		BridgeInstance bridge = BridgeInstance.start(Upstreams.properties());
		int port = bridge.port();
		Browser.awaitProvider(port, "auth0", Duration.ofSeconds(10));
		Browser browser = new Browser(port);
		Page backFromProvider = browser.visit(browser.startSignIn("auth0", "/").location());
		Upstreams.auth0().jwksDelays(SLOW_JWKS);

		CompletableFuture<Page> callback = CompletableFuture
			.supplyAsync(() -> browser.visit(backFromProvider.location()));
		Thread.sleep(SLOW_JWKS.toMillis() / 3);
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(bridge::close);
		Thread.sleep(SLOW_JWKS.toMillis() / 3);

		assertThat(catchThrowable(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()))
			.as("a new connection once the stop has begun")
			.isInstanceOf(IOException.class);
		Page answer = callback.join();
		assertThat(answer.location()).hasToString(BridgeTest.URL + "/");
		assertThat(answer.sets(SESSION_COOKIE)).isTrue();
		stopping.join();
	}

	@Test
	void stopWhenProxySocketsOpenThenClosedGoingAwayBeforeTheGracePeriod() throws Exception {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.addAll(Upstreams.hasuraProperties());
		properties.add("AUTH_HASURA_PROXY=true");
		BridgeInstance bridge = BridgeInstance.start(properties);
		GraphQlSocket socket = GraphQlSocket.initialised(bridge.port(), HasuraStandIn.TRANSPORT_WS,
				TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT));
		Instant stopping = Instant.now();

		bridge.close();

		assertThat(socket.closedWithin(Duration.ofSeconds(5)).code()).isEqualTo(1001);
		assertThat(Duration.between(stopping, Instant.now())).as("the stop did not wait out its grace period")
			.isLessThan(Duration.ofSeconds(10));
		socket.close();
	}

}
