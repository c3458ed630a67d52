package dev.authbridge.journeys;

import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.hasura.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the {@link FlowTest}s against the {@link HasuraStandIn} share: a bridge upserting
 * shadow users into it (waiting at most 1 s), and before each test the stand-in back to
 * normal and no users in its database.
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

	@BeforeEach
	void emptyUsers() throws Exception {
		this.hasura.reset();
		TestDatabase.execute("DELETE FROM public.user_roles; DELETE FROM public.users");
	}

}
