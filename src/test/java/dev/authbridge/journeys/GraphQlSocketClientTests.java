package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.Node;
import dev.authbridge.hasura.HasuraSocket;
import dev.authbridge.hasura.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real GraphQL WebSocket clients through the proxy: {@code src/test/js/graphql-ws}'s Node
 * tests (the graphql-ws library 6.4.2 and ws 8.23.0, installed by {@code npm ci}) against
 * this bridge, with access tokens that live 30 s and the {@code HasuraStandIn} dropping
 * each connection at its token's expiry as Hasura does. A subscription runs for
 * {@link #SECONDS} while the user is renamed every second: it must deliver throughout, on
 * one client socket, across the upstream connections the bridge replaced.
 */
@FlowTest
class GraphQlSocketClientTests extends HasuraFlowTest {

	/** How long the subscription runs: several token lifetimes. */
	static final int SECONDS = 150;

	static final Duration TOKEN_LIFE = Duration.ofSeconds(30);

	@DynamicPropertySource
	static void proxy(DynamicPropertyRegistry registry) {
		registry.add("AUTH_HASURA_PROXY", () -> "true");
		registry.add("AUTH_ACCESS_TOKEN_MAX_AGE", () -> TOKEN_LIFE.toSeconds() + "s");
	}

	@Test
	void graphqlWsClientsWhenTokensExpireThenSubscriptionsKeepDelivering(Browser browser) throws Exception {
		Node.assumeInstalled();
		Path client = Path.of("src/test/js/graphql-ws");
		Node.install(client);
		browser.signIn("github", BridgeTest.URL + "/");
		AtomicInteger renames = new AtomicInteger();
		ScheduledExecutorService renaming = Executors.newSingleThreadScheduledExecutor();
		renaming.scheduleAtFixedRate(() -> rename(renames.incrementAndGet()), 0, 1, TimeUnit.SECONDS);
		try {
			Node.test(client, "proxy.test.mjs",
					Map.of("AUTHBRIDGE_WS", "ws://localhost:" + this.port + "/v1/graphql", "AUTHBRIDGE_ORIGIN",
							BridgeTest.URL, "AUTHBRIDGE_SESSION", browser.cookies().get(Browser.SESSION_COOKIE),
							"AUTHBRIDGE_USER", OCTOCAT, "AUTHBRIDGE_SECONDS", String.valueOf(SECONDS)),
					Duration.ofSeconds(SECONDS + 120));
		}
		finally {
			renaming.shutdownNow();
		}
		List<HasuraSocket> upstreams = this.hasura.sockets();
		long tokenLives = SECONDS / TOKEN_LIFE.toSeconds();
		assertThat(upstreams).as("Hasura connections: one per token life at least")
			.hasSizeGreaterThanOrEqualTo((int) tokenLives);
		assertThat(upstreams).filteredOn(upstream -> upstream.closeCode() != null)
			.allSatisfy(upstream -> assertThat(upstream.closeCode()).as("replaced before Hasura dropped it")
				.isNotEqualTo(HasuraSocket.NO_CLOSE_FRAME));
	}

	private static void rename(int count) {
		try {
			TestDatabase.execute("UPDATE public.users SET name = 'name " + count + "' WHERE id = '" + OCTOCAT + "'");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
