package dev.authbridge.web.socket;

import dev.authbridge.hasura.HasuraSocketGateway;
import dev.authbridge.hasura.HasuraSocketGateway.Upstream;
import dev.authbridge.session.AccessTokens.AccessToken;
import dev.authbridge.session.KeysUnavailableException;
import dev.authbridge.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One client WebSocket of the GraphQL proxy and the Hasura connection behind it. The
 * client's messages go on as they are, but for its {@code connection_init}, whose headers
 * are replaced: Hasura gets the session user's access token as
 * {@code Authorization: Bearer} and, of what the client sent, only {@code x-hasura-role}.
 * Hasura's messages come back as they are.
 *
 * <p>
 * <b>Subscriptions outlive the token.</b> Hasura ends a connection when its token
 * expires. Before that ({@link HasuraConnections#lead}), the relay opens a second
 * connection with a fresh token and, once Hasura acknowledges it, starts every running
 * subscription there under the same id and stops it on the first, which then closes as
 * soon as the queries and mutations still running on it have answered. The client sees
 * one socket and, for a live query, its current result again. A connection Hasura ends
 * unexpectedly is replaced the same way (a few tries, then the client's socket closes
 * with 1011); the queries and mutations it was running end with an error, as they may or
 * may not have run.
 *
 * <p>
 * <b>Revocation closes the socket</b> with 4403: the session ending, its user signing out
 * (this browser, or everywhere), losing a role ({@link OpenSockets}). Every other way it
 * ends closes both sides.
 *
 * <p>
 * Everything a relay does happens under its lock, in the order it happened: a client
 * message, a Hasura message, a timer, a revocation.
 */
final class SocketRelay implements HasuraSocketGateway.Listener {

	/** Close code: the session may no longer use Hasura. */
	static final int FORBIDDEN = 4403;

	/** Close code: not a message of the protocol. */
	static final int BAD_REQUEST = 4400;

	private static final String REFUSED = "Connection initialization failed";

	private static final Log logger = LogFactory.getLog(SocketRelay.class);

	private final SocketContext context;

	private final Dialect dialect;

	private final Session session;

	private final String requestId;

	private final Operations operations = new Operations();

	private final HasuraConnections hasura = new HasuraConnections();

	private ClientSocket client;

	private String role;

	private boolean initialised;

	private boolean acknowledged;

	/** Whether Hasura answered the first {@code connection_init} with an error. */
	private boolean refused;

	private boolean closed;

	private ScheduledFuture<?> timer;

	private ScheduledFuture<?> sessionEnd;

	/**
	 * @param session the handshake's session, or {@code null}: Hasura's unauthorized role
	 * then applies
	 */
	SocketRelay(SocketContext context, Dialect dialect, Session session, String requestId) {
		this.context = context;
		this.dialect = dialect;
		this.session = session;
		this.requestId = requestId;
	}

	Session session() {
		return this.session;
	}

	/** The WebSocket handler: runs until the client's socket is closed. */
	Publisher<Void> run(WebsocketInbound in, WebsocketOutbound out) {
		synchronized (this) {
			this.client = new ClientSocket(in, out);
			this.timer = this.client.schedule(this::initTimedOut, this.context.timeout());
			if (this.session != null) {
				this.sessionEnd = this.client.schedule(() -> close(FORBIDDEN, "Session expired"),
						Duration.between(this.context.clock().instant(), this.session.expiresAt()));
			}
		}
		this.context.sockets().add(this);
		this.context.pings().watch();
		return in.aggregateFrames(this.context.maxMessage()).receiveFrames().doOnNext(frame -> {
			this.client.heard();
			if (frame instanceof TextWebSocketFrame text) {
				clientMessage(text.content());
			}
			else if (frame instanceof BinaryWebSocketFrame) {
				close(BAD_REQUEST, "Invalid message: not text");
			}
		}).onErrorResume(ex -> {
			readFailed(ex);
			return Mono.empty();
		}).then(Mono.fromRunnable(this::clientGone));
	}

	private void readFailed(Throwable failure) {
		if (failure instanceof TooLongFrameException || failure instanceof CorruptedWebSocketFrameException) {
			close(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "Message larger than AUTH_HASURA_PROXY_MAX_BODY");
		}
		else {
			logger.debug("GraphQL socket read failed: " + failure);
			close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), null);
		}
	}

	/**
	 * {@link SocketPings}' round: a ping, or the end (1001) when the client has been
	 * quiet for {@code quiet} nanoseconds.
	 */
	void pingOrLetGo(long now, long quiet) {
		if (this.client.quietSince(now, quiet)) {
			close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "No answer to ping");
		}
		else {
			this.client.ping();
		}
	}

	private synchronized void clientMessage(ByteBuf content) {
		if (this.closed) {
			return;
		}
		MessageHead head = MessageHead.of(content);
		if (head == null) {
			close(BAD_REQUEST, "Invalid message");
			return;
		}
		String type = head.type();
		if (type.equals("connection_init")) {
			init(content);
		}
		else if (type.equals(this.dialect.start)) {
			start(head.id(), content);
		}
		else if (type.equals(this.dialect.stop)) {
			stop(head.id(), content);
		}
		else if (this.dialect == Dialect.TRANSPORT && type.equals("ping")) {
			this.client.send("{\"type\":\"pong\"}");
		}
		else if (this.dialect == Dialect.LEGACY && type.equals("connection_terminate")) {
			close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), null);
		}
		else if (!(this.dialect == Dialect.TRANSPORT && type.equals("pong"))) {
			close(BAD_REQUEST, "Invalid message type");
		}
	}

	private void init(ByteBuf content) {
		if (this.initialised) {
			if (this.dialect == Dialect.TRANSPORT) {
				close(4429, "Too many initialisation requests");
			}
			return;
		}
		this.role = ClientMessages.role(content);
		this.initialised = true;
		this.timer.cancel(false);
		connect();
	}

	private void start(String id, ByteBuf content) {
		if (!this.initialised) {
			close(4401, "Unauthorized");
			return;
		}
		if (id == null || id.isEmpty()) {
			close(BAD_REQUEST, "Invalid message: no id");
			return;
		}
		if (this.operations.has(id)) {
			if (this.dialect == Dialect.TRANSPORT) {
				close(4409, "Subscriber for " + id + " already exists");
			}
			else {
				this.client.send(this.dialect.error(id, "an operation already exists with this id: " + id));
			}
			return;
		}
		if (this.operations.full()) {
			this.client
				.send(this.dialect.error(id, "too many operations on one connection: at most " + Operations.MAX));
			return;
		}
		String message = content.toString(StandardCharsets.UTF_8);
		Upstream target = this.hasura.target();
		this.operations.started(id, message, ClientMessages.subscription(content), target);
		if (target != null) {
			target.send(message);
		}
	}

	private void stop(String id, ByteBuf content) {
		Operations.Operation operation = id == null ? null : this.operations.remove(id);
		Upstream target = operation != null ? operation.on : this.hasura.target();
		if (target != null) {
			target.send(content.retain());
		}
	}

	@Override
	public void opened(Upstream upstream) {
	}

	@Override
	public synchronized void message(Upstream upstream, ByteBuf content) {
		if (this.closed) {
			return;
		}
		MessageHead head = MessageHead.of(content);
		if (head == null) {
			return;
		}
		switch (head.type()) {
			case "connection_ack" -> acknowledged(upstream, content);
			case "ping" -> upstream.send("{\"type\":\"pong\"}");
			case "pong" -> {
			}
			case "ka" -> {
				if (upstream == this.hasura.current()) {
					forward(content);
				}
			}
			case "connection_error" -> {
				if (upstream == this.hasura.next() && !this.acknowledged) {
					this.refused = true;
					forward(content);
				}
			}
			default -> result(upstream, head, content);
		}
	}

	/**
	 * Hasura took a connection's {@code connection_init}: the first one's answer is the
	 * client's; a later one replaces the connection before it.
	 */
	private void acknowledged(Upstream upstream, ByteBuf content) {
		if (upstream != this.hasura.next()) {
			return;
		}
		if (!this.acknowledged) {
			this.acknowledged = true;
			forward(content);
		}
		switchOver();
	}

	/**
	 * A message of an operation: passed on when it comes from where the operation runs.
	 */
	private void result(Upstream upstream, MessageHead head, ByteBuf content) {
		Operations.Operation operation = head.id() == null ? null : this.operations.get(head.id());
		boolean from = operation != null ? operation.on == upstream : upstream == this.hasura.current();
		if (!from) {
			return;
		}
		forward(content);
		if (operation != null && (head.type().equals("complete") || head.type().equals("error"))) {
			this.operations.remove(head.id());
			this.hasura.closeIfDrained(upstream, this.operations);
		}
	}

	/**
	 * The fresh connection is acknowledged: the subscriptions move onto it, and the one
	 * it replaces keeps only what is still answering there.
	 */
	private void switchOver() {
		Upstream old = this.hasura.switchOver();
		this.operations.moveTo(this.hasura.current(), old, this.dialect);
		if (old != null) {
			this.hasura.closeIfDrained(old, this.operations);
		}
		scheduleRollover();
	}

	@Override
	public synchronized void closed(Upstream upstream, int code, String reason) {
		if (this.closed) {
			return;
		}
		for (String id : this.operations.lostWith(upstream)) {
			this.client.send(this.dialect.error(id, "Hasura closed the connection before answering"));
		}
		if (this.hasura.drainedAway(upstream)) {
			return;
		}
		if (upstream == this.hasura.next()) {
			this.hasura.lostNext();
			if (!this.acknowledged) {
				// Hasura's own answer to this client's connection_init, passed on;
				// after a legacy connection_error, its close reason is often too long
				close(this.refused ? BAD_REQUEST : ClientSocket.closable(code), this.refused ? REFUSED : reason);
			}
			else if (this.hasura.current() != null) {
				// the old connection still serves: try again in a moment
				this.timer = this.client.schedule(this::rollOver, Duration.ofSeconds(1));
			}
			else {
				reconnect();
			}
		}
		else if (upstream == this.hasura.current()) {
			this.hasura.lostCurrent();
			if (this.hasura.next() == null) {
				reconnect();
			}
		}
	}

	/** Hasura's connection went before the relay replaced it: another, after a pause. */
	private void reconnect() {
		Duration pause = this.hasura.reconnectPause();
		if (pause == null) {
			close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "Hasura could not be reached");
			return;
		}
		this.timer = this.client.schedule(this::rollOver, pause);
	}

	private void scheduleRollover() {
		Duration wait = this.hasura.untilRollover(this.context.clock().instant());
		if (wait != null) {
			this.timer = this.client.schedule(this::rollOver, wait);
		}
	}

	/** Opens the connection that replaces the current one. */
	private synchronized void rollOver() {
		if (this.closed || this.hasura.next() != null) {
			return;
		}
		if (this.context.revoked(this.session)) {
			close(FORBIDDEN, "Signed out");
			return;
		}
		connect();
	}

	/**
	 * Opens the {@link #next} Hasura connection in this client's subprotocol, with a
	 * fresh token, its {@code connection_init} on the way.
	 */
	private void connect() {
		AccessToken token;
		try {
			token = this.session == null ? null : this.context.accessToken(this.session);
		}
		catch (KeysUnavailableException ex) {
			// the client retries, as graphql-ws does after 1013
			close(WebSocketCloseStatus.TRY_AGAIN_LATER.code(), "Signing keys not loaded yet");
			return;
		}
		Upstream next = this.context.gateway().open(this.dialect.protocol, this.context.headers(this.requestId), this);
		this.hasura.opening(next, token == null ? null : token.expiresAt());
		next.send(ClientMessages.init(token == null ? null : token.token(), this.role));
	}

	/** The session was revoked: the socket closes with 4403. */
	void revoke() {
		close(FORBIDDEN, "Signed out");
	}

	/** The server is stopping: clients reconnect elsewhere. */
	void goingAway() {
		close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "Server stopping");
	}

	private synchronized void initTimedOut() {
		if (!this.initialised) {
			close(4408, "Connection initialisation timeout");
		}
	}

	/** Closes the client's socket with {@code code}, and everything behind it. */
	synchronized void close(int code, String reason) {
		if (this.closed) {
			return;
		}
		end();
		if (this.client != null) {
			this.client.close(code, reason);
		}
	}

	private synchronized void clientGone() {
		if (!this.closed) {
			end();
		}
	}

	private void end() {
		this.closed = true;
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		if (this.sessionEnd != null) {
			this.sessionEnd.cancel(false);
		}
		this.hasura.closeAll();
		this.operations.clear();
		this.context.sockets().remove(this);
	}

	private void forward(ByteBuf content) {
		if (!this.client.forward(content)) {
			close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "Client too slow");
		}
	}

}
