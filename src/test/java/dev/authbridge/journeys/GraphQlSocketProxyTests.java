package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.authbridge.BridgeTest;
import dev.authbridge.RawHttp;
import dev.authbridge.TestSessions;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.hasura.HasuraSocket;
import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.hasura.TestDatabase;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

	static final String TRANSPORT = HasuraStandIn.TRANSPORT_WS;

	static final String LEGACY = HasuraStandIn.LEGACY_WS;

	static final String INIT = "{\"type\":\"connection_init\",\"payload\":{}}";

	/** The access token's life here: a few of them pass within a test. */
	static final Duration TOKEN_LIFE = Duration.ofSeconds(6);

	static final Duration WAIT = Duration.ofSeconds(10);

	/** No test here opens more at once but the one that reaches it. */
	static final int MAX_SOCKETS = 5;

	/** How soon a revocation closes a socket: DESIGN §9. */
	static final Duration REVOCATION = Duration.ofSeconds(5);

	@DynamicPropertySource
	static void proxy(DynamicPropertyRegistry registry) {
		registry.add("AUTH_HASURA_PROXY", () -> "true");
		registry.add("AUTH_HASURA_PROXY_TIMEOUT", () -> "2s");
		registry.add("AUTH_HASURA_PROXY_MAX_BODY", () -> "64KB");
		registry.add("AUTH_CORS_ORIGINS", () -> BridgeTest.SPA);
		registry.add("DATABASE_URL", () -> DATABASE);
		registry.add("AUTH_ADMIN_SECRET", () -> Accounts.ADMIN_SECRET);
		registry.add("AUTH_ACCESS_TOKEN_MAX_AGE", () -> TOKEN_LIFE.toSeconds() + "s");
		registry.add("AUTH_HASURA_PROXY_MAX_SOCKETS", () -> String.valueOf(MAX_SOCKETS));
	}

	@BeforeEach
	void quickLiveQueries() {
		this.hasura.refetchInterval(Duration.ofMillis(100));
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

	@Test
	void socketWhenSignedInThenHasuraGetsAFreshTokenInInitAndNothingOfTheClients(Browser browser) throws Exception {
		browser.signIn("github", BridgeTest.URL + "/");
		try (GraphQlSocket socket = GraphQlSocket.open(this.port, TRANSPORT, cookie(browser))) {
			socket.send("{\"type\":\"connection_init\",\"payload\":{\"headers\":{\"Authorization\":\"Bearer chosen\","
					+ "\"x-hasura-admin-secret\":\"" + HasuraStandIn.ADMIN_SECRET
					+ "\",\"x-hasura-user-id\":\"someone\"," + "\"X-Hasura-Role\":\"user\"}}}");
			socket.next("connection_ack");
			socket.send(subscribe("1", "query { users_by_pk(id: \\\"" + OCTOCAT + "\\\") { id } }"));

			assertThat(socket.next("next").path("payload").path("data").path("users_by_pk").path("id").asString())
				.isEqualTo(OCTOCAT);
			assertThat(socket.next("complete").path("id").asString()).isEqualTo("1");
		}
		HasuraSocket upstream = onlySocket();
		assertThat(upstream.subprotocol()).isEqualTo(TRANSPORT);
		assertThat(upstream.initHeaders()).containsOnlyKeys("authorization", "x-hasura-role")
			.containsEntry("x-hasura-role", "user");
		SignedJWT token = SignedJWT.parse(upstream.initHeaders().get("authorization").substring("Bearer ".length()));
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(OCTOCAT);
		assertThat(upstream.handshakeHeaders()).doesNotContainKeys("cookie", "authorization", "origin");
		// the request id, for the logs on both sides: set per connection, from its
		// context
		assertThat(upstream.handshakeHeaders().get("x-request-id")).singleElement()
			.asString()
			.matches("[A-Za-z0-9._-]{1,64}");
	}

	@Test
	void socketWhenLegacyProtocolThenStartDataStop(Browser browser) throws Exception {
		browser.signIn("github", BridgeTest.URL + "/");
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, LEGACY, cookie(browser))) {
			socket.send(start("7", "subscription { users_by_pk(id: \\\"" + OCTOCAT + "\\\") { name } }"));
			assertThat(socket.next("data").path("id").asString()).isEqualTo("7");
			TestDatabase.execute("UPDATE public.users SET name = 'Renamed' WHERE id = '" + OCTOCAT + "'");
			assertThat(socket.next("data").path("payload").path("data").path("users_by_pk").path("name").asString())
				.isEqualTo("Renamed");
			socket.send("{\"type\":\"stop\",\"id\":\"7\"}");
			socket.send("{\"type\":\"connection_terminate\"}");

			assertThat(socket.closedWithin(WAIT).code()).isEqualTo(1000);
		}
		assertThat(onlySocket().subprotocol()).isEqualTo(LEGACY);
	}

	@Test
	void socketWhenSignedOutThenHasurasOwnRefusalPassedOn() {
		try (GraphQlSocket transport = GraphQlSocket.open(this.port, TRANSPORT, "forged-cookie");
				GraphQlSocket legacy = GraphQlSocket.open(this.port, LEGACY, null)) {
			transport.send(INIT);
			legacy.send(INIT);

			assertThat(transport.closedWithin(WAIT).code()).isEqualTo(4403);
			assertThat(legacy.next("connection_error").path("payload").asString()).isNotEmpty();
			assertThat(legacy.closedWithin(WAIT).code()).isEqualTo(4400);
		}
		assertThat(this.hasura.sockets()).hasSize(2)
			.allSatisfy(upstream -> assertThat(Optional.ofNullable(upstream.initHeaders()).orElse(Map.of()))
				.doesNotContainKey("authorization"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			not JSON                      | {"type":                                                     | 4400
			no type                       | {"id":"1"}                                                   | 4400
			unknown type                  | {"type":"launch"}                                            | 4400
			subscribe without id          | {"type":"subscribe","payload":{"query":"{ __typename }"}}    | 4400
			second connection_init        | {"type":"connection_init"}                                   | 4429
			""")
	void socketWhenMalformedMessageThenClosedWithItsCode(String what, String message, int code, Browser browser)
			throws InterruptedException {
		browser.signIn("github", BridgeTest.URL + "/");
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(browser))) {
			socket.send(message);

			assertThat(socket.closedWithin(WAIT).code()).isEqualTo(code);
		}
		awaitUpstreamsClosed();
	}

	@Test
	void socketWhenOperationBeforeInitOrBinaryOrTooBigThenClosed() {
		try (GraphQlSocket early = GraphQlSocket.open(this.port, TRANSPORT, null);
				GraphQlSocket binary = GraphQlSocket.open(this.port, TRANSPORT, null);
				GraphQlSocket big = GraphQlSocket.open(this.port, TRANSPORT, null)) {
			early.send(subscribe("1", "{ __typename }"));
			binary.sendBinary(new byte[] { 1, 2, 3 });
			big.send("{\"type\":\"connection_init\",\"payload\":{\"x\":\"" + "x".repeat(100 * 1024) + "\"}}");

			assertThat(early.closedWithin(WAIT).code()).isEqualTo(4401);
			assertThat(binary.closedWithin(WAIT).code()).isEqualTo(4400);
			assertThat(big.closedWithin(WAIT).code()).isEqualTo(1009);
		}
		assertThat(this.hasura.sockets()).isEmpty();
	}

	@Test
	void socketWhenNoInitWithinTimeoutThen4408() {
		try (GraphQlSocket socket = GraphQlSocket.open(this.port, TRANSPORT, null)) {
			assertThat(socket.closedWithin(WAIT).code()).isEqualTo(4408);
		}
	}

	@Test
	void socketWhenDuplicateIdThen4409AndLegacyGetsAnError(Browser browser) {
		browser.signIn("github", BridgeTest.URL + "/");
		String live = "subscription { users_by_pk(id: \\\"" + OCTOCAT + "\\\") { name } }";
		try (GraphQlSocket transport = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(browser));
				GraphQlSocket legacy = GraphQlSocket.initialised(this.port, LEGACY, cookie(browser))) {
			transport.send(subscribe("1", live));
			transport.next("next");
			legacy.send(start("1", live));
			legacy.next("data");
			transport.send(subscribe("1", live));
			legacy.send(start("1", live));

			assertThat(transport.closedWithin(WAIT).code()).isEqualTo(4409);
			assertThat(legacy.next("error").path("payload").path("message").asString()).contains("already exists");
			assertThat(legacy.isOpen()).isTrue();
		}
	}

	@Test
	void socketWhenHasuraRefusesSocketsThenClosed1011() {
		this.hasura.refuseSockets(true);
		try (GraphQlSocket socket = GraphQlSocket.open(this.port, TRANSPORT, null)) {
			socket.send(INIT);

			assertThat(socket.closedWithin(WAIT).code()).isEqualTo(1011);
		}
	}

	@Test
	void socketWhenHasuraDropsTheConnectionThenSubscriptionsResumeOnANewOne(Browser browser) throws Exception {
		browser.signIn("github", BridgeTest.URL + "/");
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(browser))) {
			socket.send(subscribe("s", "subscription { users_by_pk(id: \\\"" + OCTOCAT + "\\\") { name } }"));
			socket.next("next");

			this.hasura.dropSockets();
			socket.send(subscribe("during", "subscription { users_by_pk(id: \\\"" + OCTOCAT + "\\\") { id } }"));
			TestDatabase.execute("UPDATE public.users SET name = 'After the restart' WHERE id = '" + OCTOCAT + "'");

			assertThat(socket.next(
					message -> "After the restart"
						.equals(message.path("payload").path("data").path("users_by_pk").path("name").asString()),
					WAIT))
				.isNotNull();
			assertThat(socket.next(message -> "during".equals(message.path("id").asString()), WAIT)).isNotNull();
			assertThat(socket.isOpen()).isTrue();
			assertThat(this.hasura.openSockets()).isEqualTo(1);
			assertThat(this.hasura.sockets()).as("the dropped connection and its replacements").hasSizeGreaterThan(1);
		}
	}

	@Test
	void socketWhenTokenExpiresThenSubscriptionMovesToAFreshConnectionAndTheClientStaysOpen(Browser browser)
			throws Exception {
		browser.signIn("github", BridgeTest.URL + "/");
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(browser))) {
			socket.send(subscribe("s", "subscription { users_by_pk(id: \\\"" + OCTOCAT + "\\\") { name } }"));
			socket.next("next");
			Instant until = Instant.now().plus(TOKEN_LIFE.multipliedBy(3));
			for (int i = 0; Instant.now().isBefore(until); i++) {
				String name = "tick " + i;
				TestDatabase.execute("UPDATE public.users SET name = '" + name + "' WHERE id = '" + OCTOCAT + "'");
				assertThat(socket.next(
						message -> name
							.equals(message.path("payload").path("data").path("users_by_pk").path("name").asString()),
						Duration.ofSeconds(3)))
					.as("tick %d delivered", i)
					.isNotNull();
				Thread.sleep(500);
			}
			assertThat(socket.isOpen()).isTrue();
		}
		List<HasuraSocket> upstreams = this.hasura.sockets();
		assertThat(upstreams).hasSizeGreaterThanOrEqualTo(3);
		// each connection was replaced before Hasura dropped it at its token's exp
		assertThat(upstreams).filteredOn(upstream -> upstream.closeCode() != null)
			.allSatisfy(upstream -> assertThat(upstream.closeCode()).isNotEqualTo(HasuraSocket.NO_CLOSE_FRAME));
	}

	@Test
	void handshakeWhenMaxSocketsOpenThen503UntilOneCloses() throws Exception {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (openSocketsMetric() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		List<GraphQlSocket> open = new ArrayList<>();
		try {
			for (int i = 0; i < MAX_SOCKETS; i++) {
				open.add(GraphQlSocket.open(this.port, TRANSPORT, null));
			}
			RawHttp.Answer refused = handshake("Sec-WebSocket-Protocol: graphql-transport-ws");

			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.first("Retry-After")).isEqualTo("5");
			assertThat(refused.body()).contains("too_many_sockets");

			open.remove(0).close();
			while (openSocketsMetric() >= MAX_SOCKETS && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			open.add(GraphQlSocket.open(this.port, TRANSPORT, null));
			assertThat(open.get(open.size() - 1).isOpen()).isTrue();
		}
		finally {
			open.forEach(GraphQlSocket::close);
		}
	}

	@Test
	void socketsWhenOpenThenCountedInMetrics(Browser browser) throws Exception {
		browser.signIn("github", BridgeTest.URL + "/");
		double before = openSocketsMetric();
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(browser))) {
			assertThat(openSocketsMetric()).isEqualTo(before + 1);
		}
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (openSocketsMetric() > before && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(openSocketsMetric()).isEqualTo(before);
	}

	@Test
	void socketWhenSignedOutEverywhereElsewhereThen4403AndHasuraClosed() throws InterruptedException {
		Browser device = new Browser(this.port);
		Browser laptop = new Browser(this.port);
		Accounts.signUp(device, "ada@example.com", Accounts.PASSWORD, "Ada", true);
		Accounts.signIn(laptop, "ada@example.com", Accounts.PASSWORD, true);
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(device))) {
			laptop.submit("/api/auth/signout",
					Map.of("csrfToken", laptop.csrfToken(), "all", "true", "callbackUrl", BridgeTest.URL + "/bye"));

			assertThat(socket.closedWithin(REVOCATION).code()).isEqualTo(4403);
		}
		awaitUpstreamsClosed();
	}

	@Test
	void socketWhenThatBrowserSignsOutThen4403AndOtherBrowsersStay() {
		Browser browser = new Browser(this.port);
		Browser other = new Browser(this.port);
		Accounts.signUp(browser, "grace@example.com", Accounts.PASSWORD, "Grace", true);
		Accounts.signIn(other, "grace@example.com", Accounts.PASSWORD, true);
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(browser));
				GraphQlSocket stays = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(other))) {
			browser.submit("/api/auth/signout",
					Map.of("csrfToken", browser.csrfToken(), "callbackUrl", BridgeTest.URL + "/bye"));

			assertThat(socket.closedWithin(REVOCATION).code()).isEqualTo(4403);
			assertThat(stays.isOpen()).isTrue();
		}
	}

	@Test
	void socketWhenRoleRevokedThen4403(Browser browser) {
		grant(OCTOCAT, "editor", "PUT");
		browser.signIn("github", BridgeTest.URL + "/");
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, TRANSPORT, cookie(browser))) {
			grant(OCTOCAT, "editor", "DELETE");

			assertThat(socket.closedWithin(REVOCATION).code()).isEqualTo(4403);
		}
	}

	@Test
	void socketWhenSessionEndsThen4403() throws InterruptedException {
		// a user of its own: another test here revokes the octocat's sessions
		SessionUser user = new SessionUser("github|4711", "Ends Soon", null, null, "github",
				new HasuraRoles("user", List.of()));
		String ending = TestSessions.issuedAt(Instant.now().minus(Duration.ofDays(30)).plusSeconds(4), user);
		try (GraphQlSocket socket = GraphQlSocket.initialised(this.port, TRANSPORT, ending)) {
			assertThat(socket.closedWithin(REVOCATION).code()).isEqualTo(4403);
		}
		awaitUpstreamsClosed();
	}

	private void grant(String user, String role, String method) {
		RawHttp.Answer answer = RawHttp.send(this.port, method,
				"/api/auth/admin/users/" + user.replace("|", "%7C") + "/roles/" + role,
				List.of("Authorization: Bearer " + Accounts.ADMIN_SECRET), null);
		assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
	}

	private double openSocketsMetric() {
		String metrics = RawHttp.get(this.port, "/actuator/prometheus").body();
		Matcher gauge = Pattern.compile("(?m)^authbridge_graphql_sockets(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
		assertThat(gauge.find()).as("authbridge_graphql_sockets in %s", metrics).isTrue();
		return Double.parseDouble(gauge.group(1));
	}

	private HasuraSocket onlySocket() {
		assertThat(this.hasura.sockets()).hasSize(1);
		return this.hasura.sockets().get(0);
	}

	private static String subscribe(String id, String query) {
		return "{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"payload\":{\"query\":\"" + query + "\"}}";
	}

	private static String start(String id, String query) {
		return "{\"type\":\"start\",\"id\":\"" + id + "\",\"payload\":{\"query\":\"" + query + "\"}}";
	}

	private static String cookie(Browser browser) {
		return browser.cookies().get(Browser.SESSION_COOKIE);
	}

	private RawHttp.Answer handshake(String... headers) {
		List<String> all = new ArrayList<>(
				List.of("Upgrade: websocket", "Connection: Upgrade", KEY, "Sec-WebSocket-Version: 13"));
		all.addAll(List.of(headers));
		return RawHttp.send(this.port, "GET", "/v1/graphql", all, null);
	}

}
