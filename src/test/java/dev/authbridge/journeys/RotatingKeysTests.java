package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.BridgeTest;
import dev.authbridge.TestSessions;
import dev.authbridge.FreePort;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.hasura.HasuraStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Hasura's {@code jwk_url} with generated keys, over real HTTP: two instances on one
 * fresh PostgreSQL serve the same key set, and the access token either hands out verifies
 * with jose4j against the set the other serves; {@code POST /api/auth/admin/keys/rotate}
 * takes the admin bearer token alone and answers the keys with their times; with
 * PostgreSQL down at startup, {@code /session}, {@code /jwks} and the GraphQL proxy
 * answer 503 with {@code Retry-After} until it is up, then work without a restart.
 */
class RotatingKeysTests {

	private static final String ADMIN_SECRET = "rotation-admin-secret-0123456789abcdef";

	private static final String COOKIE = "authbridge.session-token";

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void sessionWhenTwoInstancesShareADatabaseThenTokensVerifyAgainstEitherJwks(String algorithm) throws Exception {
		String database = TestPostgres.freshDatabase();
		try (BridgeInstance first = BridgeInstance.start(properties(database, algorithm));
				BridgeInstance second = BridgeInstance.start(properties(database, algorithm))) {
			String firstSet = jwks(first);
			String secondSet = jwks(second);

			assertThat(keys(firstSet)).singleElement()
				.satisfies(key -> assertThat(key).containsEntry("alg", algorithm)
					.containsEntry("use", "sig")
					.containsKeys("kty", "kid")
					.doesNotContainKeys("d", "p", "q", "dp", "dq", "qi"));
			assertThat(keys(secondSet)).isEqualTo(keys(firstSet));
			assertVerifies(accessToken(first), secondSet);
			assertVerifies(accessToken(second), firstSet);
		}
	}

	/**
	 * The startup self-check with Hasura's jwk_url: the stand-in fetches the bridge's
	 * JWKS as Hasura does and accepts the probe; pointed at a URL that serves another
	 * set, it refuses it, and readiness says why.
	 */
	@Test
	void readinessWhenHasuraFetchesTheBridgesJwksThenHasuraUpElseDownWithTheReason() throws Exception {
		String database = TestPostgres.freshDatabase();
		int port = FreePort.next();
		try (HasuraStandIn hasura = new HasuraStandIn();
				BridgeInstance bridge = BridgeInstance.start(port, withHasura(properties(database, "EdDSA"), hasura))) {
			hasura.jwkUrl("http://127.0.0.1:" + port + "/api/auth/jwks");
			assertThat(awaitHasura(bridge, "UP")).doesNotContainKey("details");
		}
		try (HasuraStandIn hasura = new HasuraStandIn();
				BridgeInstance other = BridgeInstance.start(properties(TestPostgres.freshDatabase(), "EdDSA"));
				BridgeInstance bridge = BridgeInstance.start(withHasura(properties(database, "EdDSA"), hasura))) {
			hasura.jwkUrl("http://127.0.0.1:" + other.port() + "/api/auth/jwks");
			assertThat(awaitHasura(bridge, "DOWN")).extracting("details.reason")
				.asString()
				.contains("invalid-jwt", "jwk_url does not reach this bridge's /api/auth/jwks");
		}
	}

	@Test
	void rotateWhenAdminTokenThenNewKeyPublishedAndTheOldOneStillSigns() throws Exception {
		try (BridgeInstance bridge = BridgeInstance.start(properties(TestPostgres.freshDatabase(), "ES256"))) {
			String before = jwks(bridge);
			String kid = (String) keys(before).get(0).get("kid");

			Map<String, Object> answer = JSONObjectUtils.parse(client(bridge).post()
				.uri("/api/auth/admin/keys/rotate")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_SECRET)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"))
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());

			List<Map<String, Object>> keys = List.of(JSONObjectUtils.getJSONObjectArray(answer, "keys"));
			assertThat(keys).hasSize(2);
			assertThat(keys.get(0)).containsEntry("kid", kid).containsKeys("publishedAt", "signsFrom", "unpublishAt");
			assertThat(keys.get(0).get("unpublishAt")).isNotNull();
			assertThat(keys.get(1)).containsEntry("kid", answer.get("rotated")).containsEntry("unpublishAt", null);
			Duration delay = Duration.between(Instant.parse((String) keys.get(1).get("publishedAt")),
					Instant.parse((String) keys.get(1).get("signsFrom")));
			assertThat(delay).as("AUTH_JWKS_MAX_AGE + AUTH_ACCESS_TOKEN_MAX_AGE + the reload interval")
				.isEqualTo(Duration.ofMinutes(5 + 15 + 1));
			String after = jwks(bridge);
			assertThat(keys(after)).extracting(key -> key.get("kid"))
				.containsExactlyInAnyOrder(kid, answer.get("rotated"));
			String token = accessToken(bridge);
			assertThat(header(token)).containsEntry("kid", kid);
			assertVerifies(token, before);
		}
	}

	@Test
	void rotateWhenNoAdminTokenThenUnauthorizedAndNothingRotated() throws Exception {
		try (BridgeInstance bridge = BridgeInstance.start(properties(TestPostgres.freshDatabase(), "ES256"))) {
			String before = jwks(bridge);
			for (String authorization : List.of("", "Bearer wrong-" + ADMIN_SECRET, "Basic " + ADMIN_SECRET)) {
				WebTestClient.RequestBodySpec request = client(bridge).post().uri("/api/auth/admin/keys/rotate");
				if (!authorization.isEmpty()) {
					request.header(HttpHeaders.AUTHORIZATION, authorization);
				}
				request.cookie(COOKIE, TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT))
					.exchange()
					.expectStatus()
					.isUnauthorized()
					.expectBody()
					.jsonPath("$.error")
					.isEqualTo("Unauthorized");
			}
			assertThat(jwks(bridge)).isEqualTo(before);
		}
	}

	@Test
	void rotateWhenKeysFromConfigurationThenNotFound() throws Exception {
		try (BridgeInstance bridge = BridgeInstance.start(List.of("AUTH_SECRET=" + BridgeTest.SECRET,
				"DATABASE_URL=" + TestPostgres.freshDatabase(), "AUTH_ADMIN_SECRET=" + ADMIN_SECRET))) {
			client(bridge).post()
				.uri("/api/auth/admin/keys/rotate")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_SECRET)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("KeyRotationOff");
		}
	}

	/**
	 * Both ways {@code /session} is answered: by the server's own hot path and by WebFlux
	 * ({@code AUTHBRIDGE_HOT_PATH=false}).
	 */
	@ParameterizedTest(name = "hot path {0}")
	@ValueSource(booleans = { true, false })
	void startWhenPostgresDownThenSessionJwksAndProxyAnswer503UntilItIsUp(boolean hotPath) throws Exception {
		try (TestPostgres postgres = TestPostgres.startOwn()) {
			String database = postgres.newDatabase();
			postgres.stop();
			List<String> properties = new ArrayList<>(properties(database, "ES256"));
			// the proxy answers before it would reach this Hasura, which nobody serves
			properties.add("authbridge.hot-path=" + hotPath);
			properties.addAll(List.of("AUTH_HASURA_PROXY=true", "HASURA_GRAPHQL_ENDPOINT=http://127.0.0.1:9/v1/graphql",
					"HASURA_GRAPHQL_ADMIN_SECRET=rotation-hasura-admin-secret-0123456789"));
			try (BridgeInstance bridge = BridgeInstance.start(properties)) {
				String cookie = TestSessions.issuedAt(Instant.now(), TestSessions.OCTOCAT);
				client(bridge).get()
					.uri("/api/auth/session")
					.cookie(COOKIE, cookie)
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
					.expectHeader()
					.valueEquals(HttpHeaders.RETRY_AFTER, "5")
					.expectBody()
					.jsonPath("$.error")
					.isEqualTo("KeysUnavailable");
				client(bridge).get()
					.uri("/api/auth/session")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.json("{}", true);
				client(bridge).get()
					.uri("/api/auth/jwks")
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
					.expectHeader()
					.valueEquals(HttpHeaders.RETRY_AFTER, "5")
					.expectHeader()
					.value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"));

				client(bridge).post()
					.uri("/v1/graphql")
					.cookie(COOKIE, cookie)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"query\":\"query { __typename }\"}")
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
					.expectHeader()
					.valueEquals(HttpHeaders.RETRY_AFTER, "5")
					.expectBody()
					.jsonPath("$.errors[0].extensions.code")
					.isEqualTo("keys_unavailable");
				try (GraphQlSocket socket = GraphQlSocket.open(bridge.port(), HasuraStandIn.TRANSPORT_WS, cookie,
						null)) {
					socket.send("{\"type\":\"connection_init\",\"payload\":{}}");
					assertThat(socket.closedWithin(Duration.ofSeconds(10)).code())
						.as("the proxy's WebSocket: try again")
						.isEqualTo(1013);
				}

				postgres.start();

				Instant deadline = Instant.now().plusSeconds(45);
				EntityExchangeResult<String> answer = session(bridge, cookie);
				while (answer.getStatus().value() == 503 && Instant.now().isBefore(deadline)) {
					Thread.sleep(200);
					answer = session(bridge, cookie);
				}
				assertThat(answer.getStatus()).as("/session once PostgreSQL is up, no restart")
					.isEqualTo(HttpStatus.OK);
				assertVerifies((String) JSONObjectUtils.parse(answer.getResponseBody()).get("accessToken"),
						jwks(bridge));
			}
		}
	}

	private static List<String> properties(String database, String algorithm) {
		return List.of("AUTH_SECRET=" + BridgeTest.SECRET, "DATABASE_URL=" + database, "AUTH_DATABASE_TIMEOUT=2s",
				"AUTH_ADMIN_SECRET=" + ADMIN_SECRET, "AUTH_JWT_ALGORITHM=" + algorithm,
				"HASURA_GRAPHQL_JWT_SECRET={\"jwk_url\":\"http://authbridge:3000/api/auth/jwks\"}");
	}

	private static List<String> withHasura(List<String> properties, HasuraStandIn hasura) {
		List<String> all = new ArrayList<>(properties);
		all.addAll(List.of("HASURA_GRAPHQL_ENDPOINT=" + hasura.endpoint(),
				"HASURA_GRAPHQL_ADMIN_SECRET=" + HasuraStandIn.ADMIN_SECRET, "AUTH_HASURA_TIMEOUT=2s"));
		return all;
	}

	/**
	 * The {@code hasura} readiness component once it left UNKNOWN with {@code expected},
	 * polled for at most 20 s.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> awaitHasura(BridgeInstance bridge, String expected) throws Exception {
		Instant deadline = Instant.now().plusSeconds(45);
		while (true) {
			Map<String, Object> readiness = JSONObjectUtils.parse(client(bridge).get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());
			Map<String, Object> hasura = (Map<String, Object>) ((Map<String, Object>) readiness.get("components"))
				.get("hasura");
			if (hasura != null && expected.equals(hasura.get("status")) || Instant.now().isAfter(deadline)) {
				assertThat(hasura).containsEntry("status", expected);
				return hasura;
			}
			Thread.sleep(200);
		}
	}

	private static WebTestClient client(BridgeInstance bridge) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + bridge.port())
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	private static String jwks(BridgeInstance bridge) {
		return client(bridge).get()
			.uri("/api/auth/jwks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static EntityExchangeResult<String> session(BridgeInstance bridge, String cookie) {
		return client(bridge).get()
			.uri("/api/auth/session")
			.cookie(COOKIE, cookie)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private static String accessToken(BridgeInstance bridge) throws Exception {
		EntityExchangeResult<String> answer = session(bridge,
				TestSessions.issuedAt(Instant.now().minusSeconds(60), TestSessions.OCTOCAT));
		assertThat(answer.getStatus()).isEqualTo(HttpStatus.OK);
		return (String) JSONObjectUtils.parse(answer.getResponseBody()).get("accessToken");
	}

	private static List<Map<String, Object>> keys(String jwks) throws Exception {
		return List.of(JSONObjectUtils.getJSONObjectArray(JSONObjectUtils.parse(jwks), "keys"));
	}

	private static Map<String, Object> header(String token) throws Exception {
		JsonWebSignature jws = new JsonWebSignature();
		jws.setCompactSerialization(token);
		return JSONObjectUtils.parse(jws.getHeaders().getFullHeaderAsJsonString());
	}

	private static void assertVerifies(String token, String jwks) throws Exception {
		JsonWebSignature jws = new JsonWebSignature();
		jws.setCompactSerialization(token);
		jws.setKey(new VerificationJwkSelector().select(jws, new JsonWebKeySet(jwks).getJsonWebKeys()).getKey());
		assertThat(jws.verifySignature()).as("jose4j verifies the access token against the served JWKS").isTrue();
		assertThat(JSONObjectUtils.parse(jws.getPayload())).containsEntry("sub", TestSessions.OCTOCAT.id());
	}

}
