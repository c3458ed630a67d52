package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.TestSessions;
import dev.authbridge.hasura.HasuraStandIn;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The proxy's pings over real sockets: the bridge pings every client socket every third
 * of {@code AUTH_IDLE_TIMEOUT}, from one timer for all; a client that answers stays
 * however long it is quiet, one that stopped answering is closed with 1001 and its Hasura
 * connection with it.
 */
@FlowTest
class SocketPingsTests extends HasuraFlowTest {

	static final Duration IDLE = Duration.ofSeconds(1);

	@DynamicPropertySource
	static void proxy(DynamicPropertyRegistry registry) {
		registry.add("AUTH_HASURA_PROXY", () -> "true");
		registry.add("AUTH_IDLE_TIMEOUT", () -> IDLE.toSeconds() + "s");
	}

	@Test
	void socketWhenClientAnswersPingsThenOpenPastTheIdleTimeout() throws InterruptedException {
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, HasuraStandIn.TRANSPORT_WS, cookie())) {
			Thread.sleep(IDLE.multipliedBy(3).toMillis());

			assertThat(socket.isOpen()).isTrue();
			socket.send("{\"type\":\"ping\"}");
			assertThat(socket.next("pong")).isNotNull();
			assertThat(this.hasura.openSockets()).isOne();
		}
	}

	@Test
	void socketWhenClientAnswersNoPingThenClosed1001WithItsHasuraConnection() throws InterruptedException {
		try (GraphQlSocket socket = GraphQlSocket.deaf(this.port, HasuraStandIn.TRANSPORT_WS, cookie())) {
			WebSocketCloseStatus status = socket.closedWithin(IDLE.multipliedBy(3));

			assertThat(status.code()).isEqualTo(1001);
			assertThat(status.reasonText()).isEqualTo("No answer to ping");
		}
		awaitUpstreamsClosed();
	}

	private static String cookie() {
		return TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);
	}

}
