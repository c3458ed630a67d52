package dev.authbridge.hasura;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for Hasura, not Hasura (whose engine cannot run here):
 * {@code POST /v1/graphql} on 127.0.0.1 in Hasura's wire format, executing with
 * spring-graphql's {@link ExecutionGraphQlService} over the schema Hasura generates for
 * {@code users} ({@code src/test/resources/hasura-stand-in/schema.graphqls}) and writing
 * to the real PostgreSQL of {@link TestDatabase} with
 * {@code INSERT … ON CONFLICT (id) DO UPDATE SET …}. What it copies from Hasura: every
 * answer is HTTP 200 with errors as
 * {@code {"errors":[{"message","extensions":{"path","code"}}]}}; a request with
 * {@code x-hasura-admin-secret} runs as admin only when the secret matches
 * ({@code access-denied} otherwise); a request without it must carry an
 * {@code Authorization: Bearer} JWT that verifies under {@code HASURA_GRAPHQL_JWT_SECRET}
 * ({@code {"type":"HS256","key":…}}, default claims namespace, {@code iat} not in the
 * future, {@code exp} not past), or gets {@code invalid-jwt} /
 * {@code jwt-invalid-claims}; such a request may only query, as role {@code user} has no
 * insert permission; documents that do not fit the schema get {@code validation-failed}.
 * <p>
 * The same path also upgrades to Hasura's WebSocket GraphQL ({@link HasuraSocketSession}
 * speaks it), as read in Hasura v2's {@code server/src-lib/Hasura/GraphQL/Transport/}
 * ({@code WebSocket.hs}, {@code WSServerApp.hs}, {@code WebSocket/Server.hs},
 * {@code WebSocket/Protocol.hs}):
 * <ul>
 * <li>Subprotocol ({@code Server.hs createServerApp}, {@code Protocol.hs
 * toWSSubProtocol}): {@code graphql-transport-ws} only when the request has exactly one
 * {@code Sec-WebSocket-Protocol} header whose value is exactly that; anything else (none,
 * both in one header, another name) gets Apollo's legacy {@code graphql-ws}.</li>
 * <li>Authentication at {@code connection_init} ({@code WebSocket.hs onConnInit}): only
 * {@code payload.headers} (a map of strings; other payload keys are ignored) is read,
 * then the upgrade request's headers, names case-insensitive, the payload's first; then
 * the HTTP path's rules ({@code x-hasura-admin-secret}, else
 * {@code Authorization: Bearer}). On failure ({@code WSServerApp.hs mkWSActions},
 * {@code Server.hs mkWSServerErrorCode}) graphql-transport-ws gets a close 4403 with
 * reason {@code {"server_error_msg":"4403: Forbidden"}} and no message; legacy gets
 * {@code {"type":"connection_error","payload":"<error>"}} then a close 4400 with reason
 * {@code {"server_error_msg":"4400: Connection initialization failed: <error>"}}
 * ({@code Protocol.hs encodeServerErrorMsg}). On success: {@code connection_ack} and a
 * keep-alive.</li>
 * <li>At the JWT's {@code exp} ({@code WebSocket.hs onConn tokenExpiryHandler},
 * {@code Server.hs createServerApp}): the expiry thread returns, the connection's threads
 * are cancelled and the TCP connection ends, with no message and no close frame (clients
 * report 1006; {@link HasuraSocket#NO_CLOSE_FRAME}). A client that reconnects with the
 * same token then fails at {@code connection_init} as above.</li>
 * <li>Keep-alive ({@code WebSocket.hs onConn keepAliveAction}, {@code mkWSActions}): from
 * the accept on, every {@link #KEEP_ALIVE} and once more right after the ack,
 * {@code {"type":"ka"}} on legacy and
 * {@code {"type":"ping","payload":{"message":"keepalive"}}} on graphql-transport-ws; a
 * client {@code ping} gets a {@code pong} with the same payload, a {@code pong} nothing
 * ({@code WebSocket.hs onPing}).</li>
 * <li>Messages ({@code Protocol.hs ClientMsg}): one parser for both protocols
 * ({@code start}/{@code subscribe}, {@code stop}/{@code complete}, {@code ping},
 * {@code pong}, {@code connection_terminate}: close 1000
 * {@code GQL_CONNECTION_TERMINATE received}). A message that does not parse
 * ({@code WebSocket.hs onMessage}): legacy gets
 * {@code {"type":"connection_error","payload":"parsing ClientMessage failed: <aeson
 * error>"}} and keeps the socket; graphql-transport-ws a close 4400 with reason
 * {@code {"server_error_msg":"4400: Parsing client message failed: parsing ClientMessage
 * failed: <aeson error>"}}, longer than the 123 bytes RFC 6455 §5.5 allows a close
 * reason, so clients see a protocol error rather than that reason (the stand-in sends it
 * as Hasura does; only the unknown-type aeson wording is Hasura's exactly).</li>
 * <li>{@code start}/{@code subscribe} before the ack or with the id of a running
 * subscription ({@code WebSocket.hs onStart sendStartErr}): an {@code error} whose
 * payload is {@code {"message":…,"extensions":{"path":"$","code":"start-failed"}}} with
 * {@code start received before the connection is initialised} or
 * {@code an operation already exists with this id: <id>}; legacy then gets
 * {@code complete} and keeps the socket; graphql-transport-ws gets a second {@code error}
 * with the text as payload and a close <em>1000</em> with reason
 * {@code {"server_error_msg":"4400: <text>"}} ({@code mkConnectionCloseAction}), not the
 * 4401 / 4409 of the graphql-ws spec.</li>
 * <li>Queries and mutations: one {@code data} (legacy) / {@code next} then
 * {@code complete}. Errors before execution: {@code error} with payload
 * {@code {"errors":[…]}} (legacy) / {@code […]} (graphql-transport-ws) then
 * {@code complete}.</li>
 * <li>Subscriptions are live queries: the query re-runs every refetch interval (Hasura's
 * {@code HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL}, default 1 s,
 * {@link #refetchInterval(Duration)}), and a result goes out only when it differs from
 * the last one sent, the first always (Hasura's documentation of live queries; its
 * poller, {@code Execute/Subscription/Poll.hs}, was not read); {@code stop} /
 * {@code complete} ends it without an answer ({@code WebSocket.hs onStop}).</li>
 * <li>Refused upgrades ({@link #refuseSockets(boolean)}): Hasura's answer while it shuts
 * down ({@code Server.hs shuttingDownReject}).</li>
 * </ul>
 * What it leaves out: permissions beyond the role rule above (no row filters), every
 * other table, operation and argument ({@code users} takes only {@code where: {id: {_eq |
 * _in}}} and {@code limit}, ordered by {@code id}), streaming subscriptions,
 * multiplexing, CORS and cookie handling at the upgrade, the
 * {@code Sec-WebSocket-Protocol: graphql-ws} Hasura answers to a client that offered none
 * (Netty's handshake echoes only an offered protocol), the connection-init timeout (which
 * Hasura checks only once, right after the accept), and closing sockets on metadata
 * changes (1012).
 */
public final class HasuraStandIn implements AutoCloseable {

	/** The admin secret it expects until told otherwise. */
	public static final String ADMIN_SECRET = "stand-in-admin-secret";

	/** The HS256 key of its {@code HASURA_GRAPHQL_JWT_SECRET}. */
	public static final String JWT_KEY = "stand-in-jwt-key-0123456789abcdef0123456789";

	/** The subprotocol of the graphql-ws library. */
	public static final String TRANSPORT_WS = "graphql-transport-ws";

	/** The subprotocol of Apollo's subscriptions-transport-ws. */
	public static final String LEGACY_WS = "graphql-ws";

	/**
	 * Hasura's default {@code HASURA_GRAPHQL_LIVE_QUERIES_MULTIPLEXED_REFETCH_INTERVAL}.
	 */
	public static final Duration REFETCH_INTERVAL = Duration.ofSeconds(1);

	/** Hasura's default {@code HASURA_GRAPHQL_WEBSOCKET_KEEPALIVE}. */
	public static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

	private static final String CLAIMS = "https://hasura.io/jwt/claims";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ExecutionGraphQlService graphQl;

	private final LoopResources loops;

	private final DisposableServer server;

	private volatile String adminSecret = ADMIN_SECRET;

	private volatile Duration delay = Duration.ZERO;

	private volatile Map<String, Object> forcedError;

	private volatile Map<String, List<String>> lastHeaders = Map.of();

	private final List<HasuraSocket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean refusingSockets;

	private volatile Duration refetchInterval = REFETCH_INTERVAL;

	private volatile Duration keepAlive = KEEP_ALIVE;

	private volatile JwkUrl jwkUrl;

	/** Listening on a free port. */
	public HasuraStandIn() {
		this(0);
	}

	/**
	 * Listening on {@code port}, e.g. one a bridge was pointed at while nothing listened
	 * there.
	 */
	public HasuraStandIn(int port) {
		GraphQLScalarType timestamptz = GraphQLScalarType.newScalar()
			.name("timestamptz")
			.coercing(new Timestamptz())
			.build();
		GraphQlSource source = GraphQlSource.schemaResourceBuilder()
			.schemaResources(new ClassPathResource("hasura-stand-in/schema.graphqls"))
			.configureRuntimeWiring(wiring -> wiring.scalar(timestamptz)
				.type("query_root",
						type -> type.dataFetcher("users", HasuraStandIn::users)
							.dataFetcher("users_by_pk", HasuraStandIn::usersByPk))
				.type("mutation_root", type -> type.dataFetcher("insert_users_one", HasuraStandIn::insertUsersOne))
				.type("users", type -> type.dataFetcher("roles", HasuraStandIn::roles)))
			.build();
		this.graphQl = new DefaultExecutionGraphQlService(source);
		// its own event loop: a bridge context closing disposes Reactor Netty's global
		// ones
		this.loops = LoopResources.create("hasura-stand-in", 1, true);
		this.server = HttpServer.create()
			.runOn(this.loops)
			.host("127.0.0.1")
			.port(port)
			.route(routes -> routes.post("/v1/graphql", this::handle).get("/v1/graphql", this::upgrade))
			.bindNow();
	}

	/** {@code HASURA_GRAPHQL_ENDPOINT}. */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.port() + "/v1/graphql";
	}

	/** {@code HASURA_GRAPHQL_JWT_SECRET}. */
	public static String jwtSecret() {
		return "{\"type\":\"HS256\",\"key\":\"" + JWT_KEY + "\"}";
	}

	/**
	 * From now on tokens verify against the JWK Set at {@code url}, as with Hasura's
	 * {@code {"jwk_url":…}}: fetched at the first token, kept until its
	 * {@code Cache-Control: max-age} has passed, never fetched again for an unknown
	 * {@code kid} (jose4j verifies).
	 */
	public void jwkUrl(String url) {
		this.jwkUrl = new JwkUrl(url);
	}

	/**
	 * Back to normal: the usual admin secret, no delay, no forced error, no
	 * {@code jwk_url}; open sockets dropped and forgotten, upgrades accepted, Hasura's
	 * refetch interval and keep-alive.
	 */
	public void reset() {
		this.jwkUrl = null;
		this.adminSecret = ADMIN_SECRET;
		this.delay = Duration.ZERO;
		this.forcedError = null;
		this.lastHeaders = Map.of();
		this.refusingSockets = false;
		this.refetchInterval = REFETCH_INTERVAL;
		this.keepAlive = KEEP_ALIVE;
		dropSockets();
		this.sockets.clear();
	}

	/** {@code ws://…/v1/graphql}: the same endpoint over WebSocket. */
	public String socketEndpoint() {
		return "ws://127.0.0.1:" + this.server.port() + "/v1/graphql";
	}

	/**
	 * Every WebSocket connection accepted since the last {@link #reset()}, oldest first.
	 */
	public List<HasuraSocket> sockets() {
		return List.copyOf(this.sockets);
	}

	/** How many accepted WebSocket connections are still open. */
	public int openSockets() {
		return (int) this.sockets.stream().filter(HasuraSocket::open).count();
	}

	/**
	 * Ends every open WebSocket connection's TCP connection without a close frame, as a
	 * Hasura that was killed or whose host restarted does.
	 */
	public void dropSockets() {
		this.sockets.forEach(HasuraSocket::drop);
	}

	/**
	 * From now on ({@code true}) WebSocket upgrades get Hasura's answer while it shuts
	 * down: 503 with {@code Retry-After: 0} and {@code Server is shutting down}; a proxy
	 * in front of a Hasura that is down or starting also answers with an HTTP error.
	 */
	public void refuseSockets(boolean refuse) {
		this.refusingSockets = refuse;
	}

	/**
	 * From now on live queries re-run every {@code interval} (Hasura's default: 1 s).
	 */
	public void refetchInterval(Duration interval) {
		this.refetchInterval = interval;
	}

	/**
	 * From now on new connections get a keep-alive every {@code interval} (Hasura's
	 * default: 5 s).
	 */
	public void keepAlive(Duration interval) {
		this.keepAlive = interval;
	}

	Duration refetchInterval() {
		return this.refetchInterval;
	}

	Duration keepAlive() {
		return this.keepAlive;
	}

	/**
	 * From now on only {@code secret} is the admin secret, as after an operator rotated
	 * it on Hasura alone.
	 */
	public void adminSecret(String secret) {
		this.adminSecret = secret;
	}

	/** From now on every answer comes after {@code delay}. */
	public void delay(Duration delay) {
		this.delay = delay;
	}

	/**
	 * From now on admin requests are answered with this error, as Hasura does when its
	 * database refuses a write.
	 */
	public void answerError(String code, String message) {
		this.forcedError = error(code, message);
	}

	/**
	 * The headers of the last request it received, by lower-case name: what a proxy in
	 * front of it let through.
	 */
	public Map<String, List<String>> lastHeaders() {
		return this.lastHeaders;
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.dispose();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		this.lastHeaders = headers(request);
		Mono<Map<String, Object>> answer = request.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.flatMap(body -> {
				String secret = request.requestHeaders().get("x-hasura-admin-secret");
				Map<String, Object> refusal = refusal(secret, request.requestHeaders().get("Authorization"));
				if (refusal != null) {
					return Mono.just(errors(refusal));
				}
				if (secret != null && this.forcedError != null) {
					return Mono.just(errors(this.forcedError));
				}
				@SuppressWarnings("unchecked")
				Map<String, Object> graphQlRequest = JSON.readValue(body, Map.class);
				String document = (String) graphQlRequest.get("query");
				if (secret == null && document.trim().startsWith("mutation")) {
					return Mono.just(errors(error("validation-failed", "no mutations exist")));
				}
				@SuppressWarnings("unchecked")
				Map<String, Object> variables = (Map<String, Object>) graphQlRequest.get("variables");
				return execute(document, (String) graphQlRequest.get("operationName"), variables);
			});
		return Mono.delay(this.delay)
			.then(answer)
			.flatMap(map -> response.header("Content-Type", "application/json; charset=utf-8")
				.sendString(Mono.just(JSON.writeValueAsString(map)))
				.then());
	}

	/**
	 * Upgrades to a WebSocket speaking the subprotocol Hasura picks
	 * ({@code WebSocket/Server.hs createServerApp}): graphql-transport-ws when the one
	 * {@code Sec-WebSocket-Protocol} header says exactly that, graphql-ws otherwise.
	 */
	private Mono<Void> upgrade(HttpServerRequest request, HttpServerResponse response) {
		if (this.refusingSockets) {
			return response.status(503)
				.header("Retry-After", "0")
				.sendString(Mono.just("Server is shutting down"))
				.then();
		}
		List<String> offered = request.requestHeaders().getAll("Sec-WebSocket-Protocol");
		String protocol = offered.size() == 1 && TRANSPORT_WS.equals(offered.get(0)) ? TRANSPORT_WS : LEGACY_WS;
		HasuraSocket socket = new HasuraSocket(headers(request), protocol);
		HasuraSocketSession session = new HasuraSocketSession(this, socket);
		// with protocols set, Reactor Netty never runs the handler for a client that
		// offered none
		return response.sendWebsocket((in, out) -> {
			this.sockets.add(socket);
			return session.handle(in, out);
		}, offered.isEmpty() ? WebsocketServerSpec.builder().build()
				: WebsocketServerSpec.builder().protocols(protocol).build());
	}

	/** The headers of a request by lower-case name. */
	private static Map<String, List<String>> headers(HttpServerRequest request) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.requestHeaders()
			.forEach(header -> headers
				.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
				.add(header.getValue()));
		return headers;
	}

	/**
	 * Hasura's JWT mode with an admin secret: the secret when sent, else the bearer JWT;
	 * the error to answer, or {@code null} for a session.
	 */
	Map<String, Object> refusal(String secret, String authorization) {
		return secret != null ? adminRefusal(secret) : bearerRefusal(authorization);
	}

	/** The {@code exp} of a bearer JWT that {@link #refusal} accepted. */
	static Instant expiry(String authorization) {
		try {
			return SignedJWT.parse(authorization.substring("Bearer ".length()))
				.getJWTClaimsSet()
				.getExpirationTime()
				.toInstant();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs a document; the result as Hasura writes it. */
	Mono<Map<String, Object>> execute(String document, String operationName, Map<String, Object> variables) {
		return this.graphQl
			.execute(new DefaultExecutionGraphQlRequest(document, operationName, variables, null, "stand-in",
					Locale.ROOT))
			.map(result -> hasuraShape(result.toMap()));
	}

	private Map<String, Object> adminRefusal(String secret) {
		return secret.equals(this.adminSecret) ? null
				: error("access-denied", "invalid x-hasura-admin-secret/x-hasura-access-key");
	}

	/**
	 * Hasura's JWT mode: verify signature, {@code iat}/{@code exp} without skew, and the
	 * claims.
	 */
	private Map<String, Object> bearerRefusal(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return error("access-denied", "Missing 'Authorization' or 'Cookie' header in JWT authentication mode");
		}
		try {
			String token = authorization.substring("Bearer ".length());
			SignedJWT jwt = SignedJWT.parse(token);
			JwkUrl keys = this.jwkUrl;
			if (keys != null ? !keys.verifies(token)
					: !jwt.verify(new MACVerifier(JWT_KEY.getBytes(StandardCharsets.UTF_8)))) {
				return error("invalid-jwt", "Could not verify JWT: JWSError JWSInvalidSignature");
			}
			Instant now = Instant.now();
			var claims = jwt.getJWTClaimsSet();
			if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().isBefore(now)) {
				return error("invalid-jwt", "Could not verify JWT: JWTExpired");
			}
			if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(now)) {
				return error("invalid-jwt", "Could not verify JWT: JWTNotInIssuer");
			}
			Map<String, Object> hasura = claims.getJSONObjectClaim(CLAIMS);
			if (hasura == null || !(hasura.get("x-hasura-default-role") instanceof String)
					|| !(hasura.get("x-hasura-allowed-roles") instanceof List)) {
				return error("jwt-invalid-claims", "claims key: '" + CLAIMS + "' not found");
			}
			return null;
		}
		catch (ParseException | JOSEException ex) {
			return error("invalid-jwt", "Could not verify JWT: " + ex.getClass().getSimpleName());
		}
		catch (IOException | InterruptedException ex) {
			return error("invalid-jwt", "Error fetching JWK: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Hasura's {@code jwk_url}: one cached JWK Set, fetched again only once its max-age
	 * has passed.
	 */
	private static final class JwkUrl {

		private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

		private final URI url;

		private final HttpClient http = HttpClient.newHttpClient();

		private JsonWebKeySet keys;

		private Instant expires = Instant.MIN;

		JwkUrl(String url) {
			this.url = URI.create(url);
		}

		synchronized boolean verifies(String token) throws IOException, InterruptedException {
			if (!Instant.now().isBefore(this.expires)) {
				fetch();
			}
			try {
				JsonWebSignature jws = new JsonWebSignature();
				jws.setCompactSerialization(token);
				JsonWebKey key = new VerificationJwkSelector().select(jws, this.keys.getJsonWebKeys());
				if (key == null) {
					return false;
				}
				jws.setKey(key.getKey());
				return jws.verifySignature();
			}
			catch (JoseException ex) {
				return false;
			}
		}

		private void fetch() throws IOException, InterruptedException {
			try {
				HttpResponse<String> answer = this.http.send(
						HttpRequest.newBuilder(this.url).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (answer.statusCode() != 200) {
					throw new IOException("JWK Set answered " + answer.statusCode());
				}
				this.keys = new JsonWebKeySet(answer.body());
				Matcher maxAge = MAX_AGE.matcher(answer.headers().firstValue("Cache-Control").orElse(""));
				this.expires = Instant.now().plusSeconds(maxAge.find() ? Long.parseLong(maxAge.group(1)) : 0);
			}
			catch (JoseException ex) {
				throw new IOException("not a JWK Set", ex);
			}
		}

	}

	/**
	 * graphql-java's errors as Hasura writes them: message plus {@code extensions.path}
	 * and {@code code}.
	 */
	private static Map<String, Object> hasuraShape(Map<String, Object> result) {
		Object errors = result.get("errors");
		if (!(errors instanceof List<?> list) || list.isEmpty()) {
			return result;
		}
		Map<?, ?> first = (Map<?, ?>) list.get(0);
		Map<?, ?> extensions = (Map<?, ?>) first.get("extensions");
		Object code = extensions == null ? null : extensions.get("code");
		if (code == null) {
			code = extensions != null && "InvalidSyntax".equals(extensions.get("classification")) ? "parse-failed"
					: "validation-failed";
		}
		return errors(error((String) code, (String) first.get("message")));
	}

	private static Map<String, Object> errors(Map<String, Object> error) {
		return Map.of("errors", List.of(error));
	}

	static Map<String, Object> error(String code, String message) {
		return Map.of("message", message, "extensions", Map.of("path", "$", "code", code));
	}

	/**
	 * {@code insert_users_one(object, on_conflict)}: one row, updating
	 * {@code update_columns} on conflict.
	 */
	private static Object insertUsersOne(DataFetchingEnvironment environment) throws SQLException {
		Map<String, Object> object = environment.getArgument("object");
		Map<String, Object> onConflict = environment.getArgument("on_conflict");
		List<String> columns = new ArrayList<>(object.keySet());
		String sql = "INSERT INTO public.users (" + String.join(", ", columns) + ") VALUES ("
				+ columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")";
		if (onConflict != null) {
			@SuppressWarnings("unchecked")
			List<String> update = (List<String>) onConflict.get("update_columns");
			sql += update.isEmpty() ? " ON CONFLICT (id) DO NOTHING" : " ON CONFLICT (id) DO UPDATE SET "
					+ update.stream().map(column -> column + " = EXCLUDED." + column).collect(Collectors.joining(", "));
		}
		try (Connection connection = TestDatabase.connect();
				PreparedStatement statement = connection.prepareStatement(sql + " RETURNING *")) {
			for (int i = 0; i < columns.size(); i++) {
				Object value = object.get(columns.get(i));
				statement.setObject(i + 1, value);
			}
			ResultSet rows = statement.executeQuery();
			return rows.next() ? TestDatabase.row(rows) : null;
		}
		catch (SQLException ex) {
			if (ex.getSQLState() != null && ex.getSQLState().startsWith("23")) {
				return DataFetcherResult.newResult()
					.error(GraphqlErrorBuilder.newError(environment)
						.message(ex.getMessage())
						.extensions(Map.of("code", "constraint-violation"))
						.build())
					.build();
			}
			throw ex;
		}
	}

	/**
	 * {@code users(where: {id: {_eq | _in}}, limit)}, ordered by {@code id} so that a
	 * live query's result changes only when rows do.
	 */
	private static List<Map<String, Object>> users(DataFetchingEnvironment environment) throws SQLException {
		Map<String, Object> where = environment.getArgument("where");
		@SuppressWarnings("unchecked")
		Map<String, Object> id = where == null ? null : (Map<String, Object>) where.get("id");
		List<Object> values = new ArrayList<>();
		StringBuilder sql = new StringBuilder("SELECT * FROM public.users WHERE true");
		if (id != null && id.get("_eq") != null) {
			sql.append(" AND id = ?");
			values.add(id.get("_eq"));
		}
		if (id != null && id.get("_in") != null) {
			sql.append(" AND id = ANY (?)");
			values.add(id.get("_in"));
		}
		sql.append(" ORDER BY id");
		if (environment.getArgument("limit") != null) {
			sql.append(" LIMIT ?");
			values.add(environment.getArgument("limit"));
		}
		try (Connection connection = TestDatabase.connect();
				PreparedStatement statement = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < values.size(); i++) {
				Object value = values.get(i);
				statement.setObject(i + 1,
						value instanceof List<?> list ? connection.createArrayOf("text", list.toArray()) : value);
			}
			ResultSet rows = statement.executeQuery();
			List<Map<String, Object>> users = new ArrayList<>();
			while (rows.next()) {
				users.add(TestDatabase.row(rows));
			}
			return users;
		}
	}

	/** {@code users_by_pk(id)}. */
	private static Map<String, Object> usersByPk(DataFetchingEnvironment environment) throws SQLException {
		Map<String, Object> user = TestDatabase.user(environment.getArgument("id"));
		return user.isEmpty() ? null : user;
	}

	/** {@code users.roles}: the array relationship to {@code user_roles}. */
	private static List<Map<String, Object>> roles(DataFetchingEnvironment environment) throws SQLException {
		Map<String, Object> user = environment.getSource();
		try (Connection connection = TestDatabase.connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT user_id, role FROM public.user_roles WHERE user_id = ? ORDER BY role")) {
			statement.setString(1, (String) user.get("id"));
			ResultSet rows = statement.executeQuery();
			List<Map<String, Object>> roles = new ArrayList<>();
			while (rows.next()) {
				roles.add(TestDatabase.row(rows));
			}
			return roles;
		}
	}

	/**
	 * Hasura's {@code timestamptz}: ISO-8601 with an offset in, the stored instant out.
	 */
	private static final class Timestamptz implements Coercing<Object, String> {

		@Override
		public String serialize(Object value, GraphQLContext context, Locale locale) {
			return value instanceof java.sql.Timestamp timestamp ? timestamp.toInstant().toString() : value.toString();
		}

		@Override
		public Object parseValue(Object input, GraphQLContext context, Locale locale) {
			try {
				return OffsetDateTime.parse(String.valueOf(input));
			}
			catch (DateTimeParseException ex) {
				throw new CoercingParseValueException("invalid timestamptz: " + input);
			}
		}

		@Override
		public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
			if (input instanceof StringValue string) {
				return parseValue(string.getValue(), context, locale);
			}
			throw new CoercingParseLiteralException("timestamptz must be a string");
		}

	}

}
