package dev.authbridge.hasura;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link HasuraStandIn}'s WebSocket GraphQL, driven by a real WebSocket client over
 * both subprotocols Hasura speaks, against the answers read in Hasura's sources (see the
 * stand-in's Javadoc).
 */
class HasuraStandInWebSocketTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String USER = "github|ws-1";

	private static final String USERS = "subscription { users(where: {id: {_eq: \"" + USER + "\"}}) { id name } }";

	private static HasuraStandIn hasura;

	private final List<Client> clients = new ArrayList<>();

	@BeforeAll
	static void start() {
		hasura = new HasuraStandIn();
		// a cold first execution (PostgreSQL start, graphql-java) can outlast a JWT with
		// 2 s
		// to live
		hasura.execute("query { users_by_pk(id: \"" + USER + "\") { id } }", null, null).block(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stop() {
		hasura.close();
	}

	@BeforeEach
	void reset() throws SQLException {
		hasura.reset();
		hasura.refetchInterval(Duration.ofMillis(100));
		TestDatabase.execute("INSERT INTO public.users (id, name) VALUES ('" + USER + "', 'Mona') "
				+ "ON CONFLICT (id) DO UPDATE SET name = 'Mona'");
	}

	@AfterEach
	void disconnect() {
		this.clients.forEach(Client::close);
	}

	@ParameterizedTest
	@ValueSource(strings = { HasuraStandIn.TRANSPORT_WS, HasuraStandIn.LEGACY_WS })
	void connectionInitWhenValidJwtThenAckAndSocketRecorded(String protocol) {
		Instant exp = Instant.now().plusSeconds(600);
		Client client = connect(protocol);

		client.init(jwt(exp));

		assertThat(client.next().path("type").asString()).isEqualTo("connection_ack");
		assertThat(client.protocol()).isEqualTo(protocol);
		HasuraSocket socket = hasura.sockets().get(0);
		assertThat(socket.subprotocol()).isEqualTo(protocol);
		assertThat(socket.handshakeHeaders()).containsKey("sec-websocket-key");
		assertThat(socket.initHeaders()).containsEntry("authorization", "Bearer " + jwt(exp));
		assertThat(socket.exp()).isEqualTo(exp.truncatedTo(ChronoUnit.SECONDS));
		assertThat(socket.open()).isTrue();
		assertThat(hasura.openSockets()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { HasuraStandIn.TRANSPORT_WS, HasuraStandIn.LEGACY_WS })
	void connectionInitWhenAdminSecretInMixedCaseHeaderThenAckWithoutExpiry(String protocol) {
		Client client = connect(protocol);

		client.send(Map.of("type", "connection_init", "payload",
				Map.of("headers", Map.of("X-Hasura-Admin-Secret", HasuraStandIn.ADMIN_SECRET))));

		assertThat(client.next().path("type").asString()).isEqualTo("connection_ack");
		assertThat(hasura.sockets().get(0).exp()).isNull();
	}

	@Test
	void keepAliveWhenTransportThenPingWithKeepaliveMessageAndPingAnsweredWithPong() {
		Client client = connect(HasuraStandIn.TRANSPORT_WS);

		assertThat(client.any().toString()).isEqualTo("{\"type\":\"ping\",\"payload\":{\"message\":\"keepalive\"}}");
		client.send(Map.of("type", "ping", "payload", Map.of("n", 1)));

		assertThat(client.next().toString()).isEqualTo("{\"type\":\"pong\",\"payload\":{\"n\":1}}");
	}

	@Test
	void keepAliveWhenLegacyThenKa() {
		assertThat(connect(HasuraStandIn.LEGACY_WS).any().toString()).isEqualTo("{\"type\":\"ka\"}");
	}

	@Test
	void upgradeWhenNoSubprotocolOrBothOfferedThenLegacy() {
		Client none = connect(null);
		Client both = connect(HasuraStandIn.TRANSPORT_WS + "," + HasuraStandIn.LEGACY_WS);

		assertThat(none.any().toString()).isEqualTo("{\"type\":\"ka\"}");
		assertThat(both.protocol()).isEqualTo(HasuraStandIn.LEGACY_WS);
		assertThat(hasura.sockets()).extracting(HasuraSocket::subprotocol)
			.containsExactly(HasuraStandIn.LEGACY_WS, HasuraStandIn.LEGACY_WS);
	}

	@ParameterizedTest
	@ValueSource(strings = { HasuraStandIn.TRANSPORT_WS, HasuraStandIn.LEGACY_WS })
	void subscribeWhenRowChangesThenNewResultAndNothingWhileUnchanged(String protocol) throws SQLException {
		Client client = initialised(protocol);

		client.start("1", USERS);

		JsonNode first = client.next();
		assertThat(first.path("type").asString()).isEqualTo(dataType(protocol));
		assertThat(first.path("id").asString()).isEqualTo("1");
		assertThat(first.path("payload").toString())
			.isEqualTo("{\"data\":{\"users\":[{\"id\":\"" + USER + "\",\"name\":\"Mona\"}]}}");
		client.expectNothingFor(Duration.ofMillis(500));
		TestDatabase.execute("UPDATE public.users SET name = 'Octo' WHERE id = '" + USER + "'");
		assertThat(client.next().path("payload").path("data").path("users").get(0).path("name").asString())
			.isEqualTo("Octo");
	}

	@ParameterizedTest
	@ValueSource(strings = { HasuraStandIn.TRANSPORT_WS, HasuraStandIn.LEGACY_WS })
	void subscribeWhenStoppedThenNoMoreResults(String protocol) throws SQLException {
		Client client = initialised(protocol);
		client.start("1", USERS);
		client.next();

		client.send(Map.of("type", HasuraStandIn.TRANSPORT_WS.equals(protocol) ? "complete" : "stop", "id", "1"));
		TestDatabase.execute("UPDATE public.users SET name = 'Octo' WHERE id = '" + USER + "'");

		client.expectNothingFor(Duration.ofMillis(500));
	}

	@ParameterizedTest
	@ValueSource(strings = { HasuraStandIn.TRANSPORT_WS, HasuraStandIn.LEGACY_WS })
	void startWhenQueryThenOneResultThenComplete(String protocol) {
		Client client = initialised(protocol);

		client.start("q", "query { users_by_pk(id: \"" + USER + "\") { name } }");

		assertThat(client.next().toString()).isEqualTo("{\"type\":\"" + dataType(protocol)
				+ "\",\"id\":\"q\",\"payload\":{\"data\":{\"users_by_pk\":{\"name\":\"Mona\"}}}}");
		assertThat(client.next().toString()).isEqualTo("{\"type\":\"complete\",\"id\":\"q\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { HasuraStandIn.TRANSPORT_WS, HasuraStandIn.LEGACY_WS })
	void startWhenMutationAsRoleUserThenValidationErrorThenComplete(String protocol) {
		Client client = initialised(protocol);

		client.start("m", "mutation { insert_users_one(object: {id: \"x\"}) { id } }");

		JsonNode error = client.next();
		assertThat(error.path("type").asString()).isEqualTo("error");
		JsonNode errors = HasuraStandIn.TRANSPORT_WS.equals(protocol) ? error.path("payload")
				: error.path("payload").path("errors");
		assertThat(errors.get(0).path("extensions").path("code").asString()).isEqualTo("validation-failed");
		assertThat(client.next().path("type").asString()).isEqualTo("complete");
	}

	@Test
	void connectionInitWhenJwtInvalidAndTransportThenClose4403Forbidden() {
		Client client = connect(HasuraStandIn.TRANSPORT_WS);

		client.init(jwt(Instant.now().plusSeconds(60)) + "x");

		assertThat(client.closeStatus())
			.isEqualTo(new WebSocketCloseStatus(4403, "{\"server_error_msg\":\"4403: Forbidden\"}"));
		assertThat(client.messages()).isEmpty();
	}

	@Test
	void connectionInitWhenJwtExpiredAndLegacyThenConnectionErrorThenClose4400() {
		Client client = connect(HasuraStandIn.LEGACY_WS);

		client.init(jwt(Instant.now().minusSeconds(60)));

		assertThat(client.next().toString())
			.isEqualTo("{\"type\":\"connection_error\",\"payload\":\"Could not verify JWT: JWTExpired\"}");
		assertThat(client.closeStatus()).isEqualTo(new WebSocketCloseStatus(4400,
				"{\"server_error_msg\":\"4400: Connection initialization failed: Could not verify JWT: JWTExpired\"}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { HasuraStandIn.TRANSPORT_WS, HasuraStandIn.LEGACY_WS })
	void expWhenPassedThenConnectionDroppedWithoutMessageOrCloseFrame(String protocol) {
		Client client = connect(protocol);
		client.init(jwt(Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS)));
		assertThat(client.next().path("type").asString()).isEqualTo("connection_ack");
		client.start("1", USERS);
		client.next();

		WebSocketCloseStatus status = client.closeStatus();

		assertThat(status == null ? HasuraSocket.NO_CLOSE_FRAME : status.code()).isEqualTo(HasuraSocket.NO_CLOSE_FRAME);
		assertThat(client.messages()).isEmpty();
		HasuraSocket socket = hasura.sockets().get(0);
		assertThat(socket.closeCode()).isEqualTo(HasuraSocket.NO_CLOSE_FRAME);
		await(() -> !socket.open());
		assertThat(hasura.openSockets()).isZero();
	}

	@Test
	void startWhenIdOfARunningSubscriptionAndTransportThenErrorsAndClose1000WithReason4400() {
		Client client = initialised(HasuraStandIn.TRANSPORT_WS);
		client.start("1", USERS);
		client.next();

		client.start("1", USERS);

		String error = "an operation already exists with this id: 1";
		assertThat(client.next()).isEqualTo(JSON.readTree("{\"type\":\"error\",\"id\":\"1\",\"payload\":{\"message\":\""
				+ error + "\",\"extensions\":{\"path\":\"$\",\"code\":\"start-failed\"}}}"));
		assertThat(client.next().toString())
			.isEqualTo("{\"type\":\"error\",\"id\":\"1\",\"payload\":\"" + error + "\"}");
		assertThat(client.closeStatus())
			.isEqualTo(new WebSocketCloseStatus(1000, "{\"server_error_msg\":\"4400: " + error + "\"}"));
	}

	@Test
	void startWhenIdOfARunningSubscriptionAndLegacyThenErrorCompleteAndStaysOpen() {
		Client client = initialised(HasuraStandIn.LEGACY_WS);
		client.start("1", USERS);
		client.next();

		client.start("1", USERS);

		assertThat(client.next().path("payload").path("message").asString())
			.isEqualTo("an operation already exists with this id: 1");
		assertThat(client.next().toString()).isEqualTo("{\"type\":\"complete\",\"id\":\"1\"}");
		client.start("2", "query { users_by_pk(id: \"" + USER + "\") { name } }");
		assertThat(client.next().path("id").asString()).isEqualTo("2");
	}

	@ParameterizedTest
	@ValueSource(strings = { HasuraStandIn.TRANSPORT_WS, HasuraStandIn.LEGACY_WS })
	void startWhenNotInitialisedThenStartFailed(String protocol) {
		Client client = connect(protocol);

		client.start("1", USERS);

		String error = "start received before the connection is initialised";
		assertThat(client.next().path("payload").path("extensions").path("code").asString()).isEqualTo("start-failed");
		if (HasuraStandIn.TRANSPORT_WS.equals(protocol)) {
			assertThat(client.next().path("payload").asString()).isEqualTo(error);
			assertThat(client.closeStatus())
				.isEqualTo(new WebSocketCloseStatus(1000, "{\"server_error_msg\":\"4400: " + error + "\"}"));
		}
		else {
			assertThat(client.next().toString()).isEqualTo("{\"type\":\"complete\",\"id\":\"1\"}");
		}
	}

	@Test
	void messageWhenMalformedJsonAndTransportThenClose4400WithAReasonTooLongForAControlFrame() {
		Client client = connect(HasuraStandIn.TRANSPORT_WS);

		client.sendText("{not json");

		client.closeStatus();
		HasuraSocket socket = hasura.sockets().get(0);
		assertThat(socket.closeCode()).isEqualTo(4400);
		assertThat(socket.closeReason())
			.startsWith("{\"server_error_msg\":\"4400: Parsing client message failed: parsing ClientMessage failed: ");
		assertThat(socket.closeReason().getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(123);
	}

	@Test
	void messageWhenUnknownTypeAndLegacyThenConnectionErrorAndStaysOpen() {
		Client client = connect(HasuraStandIn.LEGACY_WS);

		client.send(Map.of("type", "bogus"));

		assertThat(client.next().toString()).isEqualTo("{\"type\":\"connection_error\",\"payload\":"
				+ "\"parsing ClientMessage failed: Error in $: unexpected type for ClientMessage: bogus\"}");
		client.init(jwt(Instant.now().plusSeconds(60)));
		assertThat(client.next().path("type").asString()).isEqualTo("connection_ack");
	}

	@Test
	void connectionTerminateWhenLegacyThenClose1000() {
		Client client = initialised(HasuraStandIn.LEGACY_WS);

		client.send(Map.of("type", "connection_terminate"));

		assertThat(client.closeStatus()).isEqualTo(new WebSocketCloseStatus(1000, "GQL_CONNECTION_TERMINATE received"));
	}

	@Test
	void dropSocketsThenEveryOpenSocketEndsWithoutCloseFrame() {
		Client first = initialised(HasuraStandIn.TRANSPORT_WS);
		Client second = initialised(HasuraStandIn.LEGACY_WS);

		hasura.dropSockets();

		first.closeStatus();
		second.closeStatus();
		await(() -> hasura.openSockets() == 0);
		assertThat(hasura.sockets()).extracting(HasuraSocket::closeCode)
			.containsExactly(HasuraSocket.NO_CLOSE_FRAME, HasuraSocket.NO_CLOSE_FRAME);
	}

	@Test
	void refuseSocketsThenUpgradeAnswered503() {
		hasura.refuseSockets(true);

		assertThatThrownBy(() -> HttpClient.create()
			.websocket(WebsocketClientSpec.builder().protocols(HasuraStandIn.TRANSPORT_WS).build())
			.uri(hasura.socketEndpoint())
			.handle((in, out) -> in.receive())
			.blockLast(Duration.ofSeconds(5))).hasMessageContaining("503");
		assertThat(hasura.sockets()).isEmpty();
	}

	@Test
	void resetThenSocketsDroppedAndForgotten() {
		initialised(HasuraStandIn.TRANSPORT_WS);
		hasura.refuseSockets(true);

		hasura.reset();

		assertThat(hasura.sockets()).isEmpty();
		assertThat(connect(HasuraStandIn.TRANSPORT_WS).any().path("type").asString()).isEqualTo("ping");
	}

	private static String dataType(String protocol) {
		return HasuraStandIn.TRANSPORT_WS.equals(protocol) ? "next" : "data";
	}

	private Client initialised(String protocol) {
		Client client = connect(protocol);
		client.init(jwt(Instant.now().plusSeconds(600)));
		assertThat(client.next().path("type").asString()).isEqualTo("connection_ack");
		return client;
	}

	private Client connect(String protocols) {
		Client client = new Client(protocols);
		this.clients.add(client);
		return client;
	}

	/** A JWT for role {@code user} that verifies under the stand-in's key. */
	private static String jwt(Instant exp) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(USER)
			.issueTime(Date.from(Instant.now().minusSeconds(1)))
			.expirationTime(Date.from(exp))
			.claim("https://hasura.io/jwt/claims",
					Map.of("x-hasura-default-role", "user", "x-hasura-allowed-roles", List.of("user"),
							"x-hasura-user-id", USER))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(HasuraStandIn.JWT_KEY.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static void await(BooleanSupplier condition) {
		Instant deadline = Instant.now().plusSeconds(5);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				fail("condition not met within 5 s");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * A WebSocket client on Reactor Netty: what it received, in order, and how the
	 * connection closed ({@code null} status: no close frame).
	 */
	private static final class Client implements AutoCloseable {

		private static final Duration WAIT = Duration.ofSeconds(5);

		private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

		private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();

		private final CompletableFuture<WebSocketCloseStatus> closed = new CompletableFuture<>();

		private final CompletableFuture<String> protocol = new CompletableFuture<>();

		private final Disposable connection;

		Client(String protocols) {
			WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder();
			if (protocols != null) {
				spec.protocols(protocols);
			}
			this.connection = HttpClient.create()
				.websocket(spec.build())
				.uri(hasura.socketEndpoint())
				.handle((in, out) -> {
					this.protocol.complete(out.selectedSubprotocol());
					in.receiveCloseStatus().subscribe(this.closed::complete);
					in.withConnection(connection -> connection.onDispose(() -> this.closed.complete(null)));
					in.receive().asString().subscribe(text -> this.received.add(JSON.readTree(text)));
					return out.sendString(this.outgoing.asFlux());
				})
				.subscribe(null, this.protocol::completeExceptionally);
		}

		String protocol() {
			return get(this.protocol);
		}

		void init(String jwt) {
			send(Map.of("type", "connection_init", "payload",
					Map.of("headers", Map.of("Authorization", "Bearer " + jwt))));
		}

		void start(String id, String query) {
			send(Map.of("type", HasuraStandIn.TRANSPORT_WS.equals(protocol()) ? "subscribe" : "start", "id", id,
					"payload", Map.of("query", query)));
		}

		void send(Map<String, ?> message) {
			sendText(JSON.writeValueAsString(message));
		}

		void sendText(String text) {
			protocol();
			this.outgoing.tryEmitNext(text);
		}

		/** The next message, keep-alives included. */
		JsonNode any() {
			try {
				JsonNode message = this.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				if (message == null) {
					fail("no message within " + WAIT);
				}
				return message;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * The next message that is not a keep-alive ({@code ka}, Hasura's {@code ping}).
		 */
		JsonNode next() {
			JsonNode message = any();
			return keepAlive(message) ? next() : message;
		}

		/** The messages received so far that are not keep-alives. */
		List<JsonNode> messages() {
			return this.received.stream().filter(message -> !keepAlive(message)).toList();
		}

		void expectNothingFor(Duration duration) {
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			assertThat(messages()).isEmpty();
		}

		WebSocketCloseStatus closeStatus() {
			return get(this.closed);
		}

		private static boolean keepAlive(JsonNode message) {
			String type = message.path("type").asString();
			return "ka".equals(type)
					|| "ping".equals(type) && "keepalive".equals(message.path("payload").path("message").asString());
		}

		private static <T> T get(CompletableFuture<T> future) {
			try {
				return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			this.connection.dispose();
		}

	}

}
