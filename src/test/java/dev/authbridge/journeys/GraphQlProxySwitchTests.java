package dev.authbridge.journeys;

import dev.authbridge.FreePort;
import dev.authbridge.hasura.HasuraStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The GraphQL proxy's presence and its answer without Hasura, each on a bridge of its
 * own: off by default ({@code /v1/graphql} unknown), and a 502 in GraphQL's error shape,
 * promptly, when nothing listens at {@code HASURA_GRAPHQL_ENDPOINT}.
 */
class GraphQlProxySwitchTests {

	static final String QUERY = "{\"query\":\"query { __typename }\"}";

	@Test
	void proxyWhenSettingNotSetThen404() {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.addAll(Upstreams.hasuraProperties());
		try (BridgeInstance bridge = BridgeInstance.start(properties)) {
			post(bridge).exchange().expectStatus().isNotFound();
		}
	}

	@Test
	void proxyWhenHasuraUnreachableThen502GraphQlShaped() {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.addAll(List.of("HASURA_GRAPHQL_ENDPOINT=http://127.0.0.1:" + FreePort.next() + "/v1/graphql",
				"HASURA_GRAPHQL_ADMIN_SECRET=" + HasuraStandIn.ADMIN_SECRET,
				"HASURA_GRAPHQL_JWT_SECRET=" + HasuraStandIn.jwtSecret(), "AUTH_HASURA_PROXY=true",
				"AUTH_HASURA_PROXY_TIMEOUT=2s"));
		try (BridgeInstance bridge = BridgeInstance.start(properties)) {
			post(bridge).exchange()
				.expectStatus()
				.isEqualTo(502)
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
				.expectBody()
				.jsonPath("$.errors[0].extensions.code")
				.isEqualTo("hasura_unavailable")
				.jsonPath("$.errors[0].message")
				.isEqualTo("Hasura could not be reached");
		}
	}

	private static WebTestClient.RequestHeadersSpec<?> post(BridgeInstance bridge) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + bridge.port())
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.post()
			.uri("/v1/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(QUERY);
	}

}
