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
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * What it leaves out: permissions beyond that, every other table and operation.
 */
public final class HasuraStandIn implements AutoCloseable {

	/** The admin secret it expects until told otherwise. */
	public static final String ADMIN_SECRET = "stand-in-admin-secret";

	/** The HS256 key of its {@code HASURA_GRAPHQL_JWT_SECRET}. */
	public static final String JWT_KEY = "stand-in-jwt-key-0123456789abcdef0123456789";

	private static final String CLAIMS = "https://hasura.io/jwt/claims";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ExecutionGraphQlService graphQl;

	private final LoopResources loops;

	private final DisposableServer server;

	private volatile String adminSecret = ADMIN_SECRET;

	private volatile Duration delay = Duration.ZERO;

	private volatile Map<String, Object> forcedError;

	private volatile Map<String, List<String>> lastHeaders = Map.of();

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
			.route(routes -> routes.post("/v1/graphql", this::handle))
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

	/** Back to normal: the usual admin secret, no delay, no forced error. */
	public void reset() {
		this.jwkUrl = null;
		this.adminSecret = ADMIN_SECRET;
		this.delay = Duration.ZERO;
		this.forcedError = null;
		this.lastHeaders = Map.of();
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
		Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
		request.requestHeaders()
			.forEach(header -> headers
				.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
				.add(header.getValue()));
		this.lastHeaders = headers;
		Mono<Map<String, Object>> answer = request.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.flatMap(body -> {
				String secret = request.requestHeaders().get("x-hasura-admin-secret");
				Map<String, Object> refusal = secret != null ? adminRefusal(secret)
						: bearerRefusal(request.requestHeaders().get("Authorization"));
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
				return this.graphQl
					.execute(new DefaultExecutionGraphQlRequest(document, (String) graphQlRequest.get("operationName"),
							variables, null, "stand-in", Locale.ROOT))
					.map(result -> hasuraShape(result.toMap()));
			});
		return Mono.delay(this.delay)
			.then(answer)
			.flatMap(map -> response.header("Content-Type", "application/json; charset=utf-8")
				.sendString(Mono.just(JSON.writeValueAsString(map)))
				.then());
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

	private static Map<String, Object> error(String code, String message) {
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
