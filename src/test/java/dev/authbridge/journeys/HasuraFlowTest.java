package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.hasura.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the {@link FlowTest}s against the {@link HasuraStandIn} share: a bridge upserting
 * shadow users into it (waiting at most 1 s), before each test the stand-in back to
 * normal and no users in its database, and the wait for its sockets to be closed.
 */
abstract class HasuraFlowTest {

	static final String OCTOCAT = "github|583231";

	final HasuraStandIn hasura = Upstreams.hasura();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void hasura(DynamicPropertyRegistry registry) {
		Upstreams.hasuraProperties(registry);
	}

	/**
	 * Waits up to 10 s for the stand-in to hold no WebSocket (the bridge closed its
	 * Hasura connections), then asserts it.
	 */
	void awaitUpstreamsClosed() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.hasura.openSockets() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.hasura.openSockets()).isZero();
	}

	@BeforeEach
	void emptyUsers() throws Exception {
		this.hasura.reset();
		TestDatabase.execute("DELETE FROM public.user_roles; DELETE FROM public.users");
	}

}
