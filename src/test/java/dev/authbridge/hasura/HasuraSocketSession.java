package dev.authbridge.hasura;

import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.OperationDefinition.Operation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hasura's side of one WebSocket connection, after
 * {@code server/src-lib/Hasura/GraphQL/Transport/WebSocket.hs} ({@code onMessage},
 * {@code onConnInit}, {@code onStart}, {@code onStop}) and {@code WSServerApp.hs}
 * ({@code mkWSActions}: what differs between the two subprotocols). Both subprotocols
 * share one message parser, as Hasura's {@code ClientMsg} does: a {@code subscribe} works
 * on a {@code graphql-ws} connection and a {@code start} on a
 * {@code graphql-transport-ws} one.
 */
final class HasuraSocketSession {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HasuraStandIn standIn;

	private final HasuraSocket socket;

	private final boolean transport;

	private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();

	private final Map<String, Disposable> subscriptions = new ConcurrentHashMap<>();

	private final Disposable.Composite timers = Disposables.composite();

	private volatile Mono<Void> closing = Mono.empty();

	private volatile boolean initialised;

	private volatile boolean admin;

	private WebsocketOutbound out;

	HasuraSocketSession(HasuraStandIn standIn, HasuraSocket socket) {
		this.standIn = standIn;
		this.socket = socket;
		this.transport = HasuraStandIn.TRANSPORT_WS.equals(socket.subprotocol());
	}

	Publisher<Void> handle(WebsocketInbound in, WebsocketOutbound out) {
		this.out = out;
		in.withConnection(connection -> {
			this.socket.attach(connection.channel());
			connection.onDispose(this::ended);
		});
		in.receiveCloseStatus().subscribe(status -> this.socket.closing(status.code(), status.reasonText()));
		// WebSocket.hs onConn: the keep-alive thread starts at accept, before
		// connection_init
		this.timers.add(Flux.interval(Duration.ZERO, this.standIn.keepAlive()).subscribe(tick -> keepAlive()));
		in.receive().asString().subscribe(this::onMessage, error -> this.socket.drop());
		return out.sendString(this.outgoing.asFlux()).then(Mono.defer(() -> this.closing));
	}

	private void onMessage(String text) {
		JsonNode message;
		try {
			message = JSON.readTree(text);
		}
		catch (JacksonException ex) {
			parseFailed("Error in $: Failed reading: not a valid json value");
			return;
		}
		String problem = malformed(message);
		if (problem != null) {
			parseFailed(problem);
			return;
		}
		switch (message.get("type").asString()) {
			case "connection_init" -> onConnectionInit(message.get("payload"));
			case "start", "subscribe" -> onStart(message.get("id").asString(), message.get("payload"));
			case "stop", "complete" -> stop(message.get("id").asString());
			case "ping" -> send(message.has("payload") ? Map.of("type", "pong", "payload", message.get("payload"))
					: Map.of("type", "pong"));
			case "connection_terminate" -> close(1000, "GQL_CONNECTION_TERMINATE received");
			default -> {
				// a pong: nothing to do
			}
		}
	}

	/**
	 * Protocol.hs's {@code FromJSON ClientMsg}, with aeson's wording where it matters.
	 */
	private static String malformed(JsonNode message) {
		if (!message.isObject()) {
			return "Error in $: parsing ClientMessage failed, expected Object, but encountered "
					+ message.getNodeType().name().toLowerCase(Locale.ROOT);
		}
		JsonNode type = message.get("type");
		if (type == null || !type.isString()) {
			return "Error in $: key \"type\" not found";
		}
		return switch (type.asString()) {
			case "connection_init" -> {
				JsonNode headers = message.path("payload").path("headers");
				boolean strings = headers.isMissingNode() || headers.isNull() || (headers.isObject()
						&& headers.properties().stream().allMatch(header -> header.getValue().isString()));
				yield strings ? null : "Error in $.payload.headers: expected HashMap ~Text Text";
			}
			case "start",
					"subscribe" ->
				!message.path("id").isString() ? "Error in $: key \"id\" not found"
						: !message.path("payload").path("query").isString()
								? "Error in $.payload: key \"query\" not found" : null;
			case "stop", "complete" -> message.path("id").isString() ? null : "Error in $: key \"id\" not found";
			case "ping", "pong", "connection_terminate" -> null;
			default -> "Error in $: unexpected type for ClientMessage: " + type.asString();
		};
	}

	/**
	 * {@code mkOnErrorMessageAction} with {@code ClientMessageParseFailed}: legacy
	 * clients get a {@code connection_error} and keep the socket, graphql-transport-ws
	 * ones a 4400 close.
	 */
	private void parseFailed(String aesonError) {
		String error = "parsing ClientMessage failed: " + aesonError;
		if (this.transport) {
			close(4400, serverErrorMsg("4400: Parsing client message failed: " + error));
		}
		else {
			send(Map.of("type", "connection_error", "payload", error));
		}
	}

	/**
	 * {@code onConnInit}: the payload's {@code headers}, then the upgrade request's, go
	 * through the same authentication as an HTTP request.
	 */
	private void onConnectionInit(JsonNode payload) {
		Map<String, String> headers = new LinkedHashMap<>();
		JsonNode given = payload == null ? null : payload.get("headers");
		if (given != null && given.isObject()) {
			given.properties()
				.forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asString()));
		}
		String secret = header(headers, "x-hasura-admin-secret");
		String authorization = header(headers, "authorization");
		Map<String, Object> refusal = this.standIn.refusal(secret, authorization);
		if (refusal != null) {
			initFailed((String) refusal.get("message"));
			return;
		}
		Instant exp = secret != null ? null : HasuraStandIn.expiry(authorization);
		this.socket.initialised(Map.copyOf(headers), exp);
		if (!this.initialised && exp != null) {
			// WebSocket.hs tokenExpiryHandler: sleep until exp, then the connection's
			// threads end and the socket closes with no message and no close frame
			Duration left = Duration.between(Instant.now(), exp);
			this.timers.add(Mono.delay(left.isNegative() ? Duration.ZERO : left).subscribe(tick -> this.socket.drop()));
		}
		this.admin = secret != null;
		this.initialised = true;
		send(Map.of("type", "connection_ack"));
		keepAlive();
	}

	/**
	 * A header by lower-case name: {@code connection_init}'s first, then (before the
	 * first init only) the upgrade request's.
	 */
	private String header(Map<String, String> initHeaders, String name) {
		if (initHeaders.containsKey(name)) {
			return initHeaders.get(name);
		}
		List<String> values = this.initialised ? null : this.socket.handshakeHeaders().get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}

	/**
	 * {@code mkOnErrorMessageAction} with {@code ConnInitFailed}: legacy clients get a
	 * {@code connection_error} then a 4400 close, graphql-transport-ws ones a 4403 close.
	 */
	private void initFailed(String error) {
		if (this.transport) {
			close(4403, serverErrorMsg("4403: Forbidden"));
		}
		else {
			close(4400, serverErrorMsg("4400: Connection initialization failed: " + error),
					Map.of("type", "connection_error", "payload", error));
		}
	}

	/** {@code onStart}. */
	private void onStart(String id, JsonNode payload) {
		if (this.subscriptions.containsKey(id)) {
			startFailed(id, "an operation already exists with this id: " + id);
			return;
		}
		if (!this.initialised) {
			startFailed(id, "start received before the connection is initialised");
			return;
		}
		String document = payload.get("query").asString();
		String operationName = payload.path("operationName").isString() ? payload.get("operationName").asString()
				: null;
		@SuppressWarnings("unchecked")
		Map<String, Object> variables = payload.path("variables").isObject()
				? JSON.treeToValue(payload.get("variables"), Map.class) : null;
		Operation operation = operation(document, operationName);
		if (operation == Operation.MUTATION && !this.admin) {
			preExecutionError(id, HasuraStandIn.error("validation-failed", "no mutations exist"));
		}
		else if (operation == Operation.SUBSCRIPTION) {
			subscribe(id, asQuery(document), operationName, variables);
		}
		else {
			this.standIn.execute(document, operationName, variables)
				.subscribeOn(Schedulers.boundedElastic())
				.subscribe(result -> answerOnce(id, result));
		}
	}

	/**
	 * {@code sendStartErr}: an {@code error} with code {@code start-failed}; on
	 * graphql-transport-ws also {@code mkConnectionCloseAction}: a second {@code error}
	 * and a close with code 1000, its reason a 4400.
	 */
	private void startFailed(String id, String error) {
		send(Map.of("type", "error", "id", id, "payload", HasuraStandIn.error("start-failed", error)));
		if (this.transport) {
			close(1000, serverErrorMsg("4400: " + error), Map.of("type", "error", "id", id, "payload", error));
		}
		else {
			send(Map.of("type", "complete", "id", id));
		}
	}

	/**
	 * A live query, as Hasura's subscription poller runs it: the query every refetch
	 * interval, a result sent only when it differs from the last one sent.
	 */
	private void subscribe(String id, String query, String operationName, Map<String, Object> variables) {
		Disposable.Swap slot = Disposables.swap();
		this.subscriptions.put(id, slot);
		slot.update(Flux.interval(Duration.ZERO, this.standIn.refetchInterval())
			.onBackpressureDrop()
			.concatMap(tick -> this.standIn.execute(query, operationName, variables)
				.subscribeOn(Schedulers.boundedElastic()))
			.<String>handle((result, sink) -> {
				if (result.containsKey("data")) {
					sink.next(JSON.writeValueAsString(result));
				}
				else {
					this.subscriptions.remove(id);
					preExecutionError(id, result);
					sink.complete();
				}
			})
			.distinctUntilChanged()
			.subscribe(result -> send("{\"type\":\"" + (this.transport ? "next" : "data") + "\",\"id\":"
					+ JSON.writeValueAsString(id) + ",\"payload\":" + result + "}")));
	}

	/**
	 * A query or mutation: {@code data}/{@code next} then {@code complete}; an error
	 * without data is a pre-execution error, one with data goes as {@code data} on legacy
	 * and as {@code error} on graphql-transport-ws ({@code mkPostExecErrMessageAction}).
	 */
	private void answerOnce(String id, Map<String, Object> result) {
		if (!result.containsKey("data")) {
			preExecutionError(id, result);
			return;
		}
		if (this.transport && result.get("errors") != null) {
			send(Map.of("type", "error", "id", id, "payload", result.get("errors")));
		}
		else {
			send(Map.of("type", this.transport ? "next" : "data", "id", id, "payload", result));
		}
		send(Map.of("type", "complete", "id", id));
	}

	/**
	 * {@code preExecErr} then {@code withComplete}: the errors as {@code {"errors":[…]}}
	 * on legacy and as a bare list on graphql-transport-ws ({@code fmtErrorMessage}).
	 */
	private void preExecutionError(String id, Map<String, Object> result) {
		Object errors = result.containsKey("errors") ? result.get("errors") : List.of(result);
		send(Map.of("type", "error", "id", id, "payload", this.transport ? errors : Map.of("errors", errors)));
		send(Map.of("type", "complete", "id", id));
	}

	private void stop(String id) {
		Disposable subscription = this.subscriptions.remove(id);
		if (subscription != null) {
			subscription.dispose();
		}
	}

	/** {@code keepAliveAction}: {@code ka} on legacy, a {@code ping} on transport. */
	private void keepAlive() {
		send(this.transport ? Map.of("type", "ping", "payload", Map.of("message", "keepalive")) : Map.of("type", "ka"));
	}

	private void send(Map<String, ?> message) {
		Map<String, Object> ordered = new LinkedHashMap<>();
		ordered.put("type", message.get("type"));
		if (message.containsKey("id")) {
			ordered.put("id", message.get("id"));
		}
		if (message.containsKey("payload")) {
			ordered.put("payload", message.get("payload"));
		}
		send(JSON.writeValueAsString(ordered));
	}

	private synchronized void send(String text) {
		this.outgoing.tryEmitNext(text);
	}

	/**
	 * {@code sendCloseWithMsg}: the messages, then a close frame with code and reason.
	 */
	@SafeVarargs
	private synchronized void close(int code, String reason, Map<String, ?>... last) {
		if (!this.socket.closing(code, reason)) {
			return;
		}
		for (Map<String, ?> message : last) {
			send(message);
		}
		this.closing = this.out.sendClose(code, reason);
		this.outgoing.tryEmitComplete();
		stopAll();
	}

	private void ended() {
		this.socket.ended();
		stopAll();
	}

	private void stopAll() {
		this.timers.dispose();
		this.subscriptions.keySet().forEach(this::stop);
	}

	/** {@code encodeServerErrorMsg}: the close reason Hasura writes. */
	private static String serverErrorMsg(String message) {
		return JSON.writeValueAsString(Map.of("server_error_msg", message));
	}

	/**
	 * The type of the operation a document runs, or {@code null} when it does not parse
	 * (execution then answers the syntax error).
	 */
	private static Operation operation(String document, String operationName) {
		try {
			return Parser.parse(document)
				.getDefinitionsOfType(OperationDefinition.class)
				.stream()
				.filter(definition -> operationName == null || operationName.equals(definition.getName()))
				.findFirst()
				.map(OperationDefinition::getOperation)
				.orElse(null);
		}
		catch (InvalidSyntaxException ex) {
			return null;
		}
	}

	/**
	 * A subscription document as the query it polls: Hasura's subscription_root users
	 * fields are query_root's.
	 */
	private static String asQuery(String document) {
		Document parsed = Parser.parse(document);
		return AstPrinter.printAst(parsed.transform(builder -> builder.definitions(parsed.getDefinitions()
			.stream()
			.map(definition -> definition instanceof OperationDefinition operation
					&& operation.getOperation() == Operation.SUBSCRIPTION
							? operation.transform(op -> op.operation(Operation.QUERY)) : definition)
			.toList())));
	}

}
