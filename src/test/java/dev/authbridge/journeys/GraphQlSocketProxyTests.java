package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.RawHttp;
import dev.authbridge.db.TestPostgres;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same-origin GraphQL proxy's WebSocket over real sockets: the handshake's refusals,
 * the protocol's bad input, what the {@code HasuraStandIn} behind it receives, and
 * revocations closing sockets. Subscriptions that outlive their token and real graphql-ws
 * clients are {@code GraphQlSocketClientTests}'.
 */
@FlowTest
class GraphQlSocketProxyTests extends HasuraFlowTest {

	static final String DATABASE = TestPostgres.freshDatabase();

	static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";

	@DynamicPropertySource
	static void proxy(DynamicPropertyRegistry registry) {
		registry.add("AUTH_HASURA_PROXY", () -> "true");
		registry.add("AUTH_HASURA_PROXY_TIMEOUT", () -> "2s");
		registry.add("AUTH_HASURA_PROXY_MAX_BODY", () -> "64KB");
		registry.add("AUTH_CORS_ORIGINS", () -> BridgeTest.SPA);
		registry.add("DATABASE_URL", () -> DATABASE);
		registry.add("AUTH_ADMIN_SECRET", () -> Accounts.ADMIN_SECRET);
	}

	@Test
	void handshakeWhenForeignOriginThen403AndNoUpgrade() {
		RawHttp.Answer answer = handshake("Origin: https://evil.example",
				"Sec-WebSocket-Protocol: graphql-transport-ws");

		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.body()).contains("origin_not_allowed");
	}

	@Test
	void handshakeWhenOwnOrCorsOriginOrNoneThenUpgraded() {
		for (String origin : List.of("Origin: " + BridgeTest.URL, "Origin: " + BridgeTest.SPA, "X-No-Origin: 1")) {
			RawHttp.Answer answer = handshake(origin, "Sec-WebSocket-Protocol: graphql-transport-ws");

			assertThat(answer.status()).as(origin).isEqualTo(101);
			assertThat(answer.first("Sec-WebSocket-Protocol")).isEqualTo("graphql-transport-ws");
		}
	}

	@Test
	void handshakeWhenBothSubprotocolsOfferedThenTheClientsFirst() {
		assertThat(
				handshake("Sec-WebSocket-Protocol: graphql-ws, graphql-transport-ws").first("Sec-WebSocket-Protocol"))
			.isEqualTo("graphql-ws");
		assertThat(handshake("Sec-WebSocket-Protocol: graphql-transport-ws", "Sec-WebSocket-Protocol: graphql-ws")
			.first("Sec-WebSocket-Protocol")).isEqualTo("graphql-transport-ws");
	}

	@Test
	void handshakeWhenUnknownSubprotocolThen400() {
		RawHttp.Answer answer = handshake("Sec-WebSocket-Protocol: mqtt");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body()).contains("unsupported_subprotocol");
	}

	@Test
	void handshakeWhenNotWebSocketsThen400OrNotFound() {
		RawHttp.Answer noKey = RawHttp.get(this.port, "/v1/graphql", "Upgrade: websocket", "Connection: Upgrade",
				"Sec-WebSocket-Version: 13");
		RawHttp.Answer oldVersion = RawHttp.get(this.port, "/v1/graphql", "Upgrade: websocket", "Connection: Upgrade",
				KEY, "Sec-WebSocket-Version: 8");
		RawHttp.Answer plainGet = RawHttp.get(this.port, "/v1/graphql");

		assertThat(noKey.status()).isEqualTo(400);
		assertThat(noKey.body()).contains("invalid_handshake");
		assertThat(oldVersion.status()).isEqualTo(400);
		assertThat(plainGet.status()).isEqualTo(404);
	}

	private RawHttp.Answer handshake(String... headers) {
		List<String> all = new java.util.ArrayList<>(
				List.of("Upgrade: websocket", "Connection: Upgrade", KEY, "Sec-WebSocket-Version: 13"));
		all.addAll(List.of(headers));
		return RawHttp.send(this.port, "GET", "/v1/graphql", all, null);
	}

}
