package dev.authbridge.hasura;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.context.Context;

/**
 * Hasura's GraphQL WebSocket as the same-origin proxy's upstream: one connection per
 * client socket, speaking the client's subprotocol, opened with exactly the headers the
 * caller chose (never a cookie or an admin secret; the user's token goes in
 * {@code connection_init}, which the caller writes). Messages travel as Netty buffers, so
 * that a result passes through without being decoded.
 */
public final class HasuraSocketGateway {

	/** The largest message taken from Hasura: a big query result, not an upload. */
	static final int MAX_MESSAGE = 16 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(HasuraSocketGateway.class);

	private static final String NO_ORIGIN = "authbridge.noOrigin";

	/**
	 * At most one warning this often: with Hasura down, every socket's reconnects would
	 * otherwise write one each.
	 */
	static final long WARNING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

	static final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_EVERY_NANOS);

	/** The context key of a connection's handshake headers. */
	private static final String HEADERS = "authbridge.handshakeHeaders";

	/**
	 * One finished client per subprotocol asked for, built once rather than per socket.
	 */
	private final Map<String, HttpClient.WebsocketSender> senders = new ConcurrentHashMap<>(4);

	private final HttpClient client;

	private final URI endpoint;

	private final Duration timeout;

	/**
	 * @param endpoint {@code HASURA_GRAPHQL_ENDPOINT} (http or https)
	 * @param timeout the longest wait for Hasura to accept a connection
	 */
	public HasuraSocketGateway(URI endpoint, Duration timeout) {
		// a connection of its own per socket: a WebSocket would hold a pooled one for its
		// whole life, and the shared pool's 500 per host would cap the sockets and starve
		// the HTTP calls to Hasura. The handshake's headers come from each connection's
		// context: a client configured per socket would be a copy of the whole
		// configuration, kept as long as the socket
		this.client = HttpClient.newConnection()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 10_000))
			.doOnRequest((request, connection) -> request.currentContextView()
				.<Map<String, String>>getOrDefault(HEADERS, Map.of())
				.forEach(request::header))
			.doOnConnected(connection -> beforeBridge(connection, NO_ORIGIN, NoOrigin.INSTANCE));
		this.endpoint = websocket(endpoint);
		this.timeout = timeout;
	}

	private static URI websocket(URI endpoint) {
		String scheme = "https".equalsIgnoreCase(endpoint.getScheme()) ? "wss" : "ws";
		return URI.create(scheme + endpoint.toString().substring(endpoint.getScheme().length()));
	}

	/**
	 * Starts connecting; {@code listener} hears of the connection, each message and its
	 * end, once.
	 * @param subprotocol the subprotocol to ask for, or {@code null} for none
	 * @param headers the handshake's headers
	 */
	public Upstream open(String subprotocol, Map<String, String> headers, Listener listener) {
		Upstream upstream = new Upstream(listener);
		Disposable connection = sender(subprotocol).handle((in, out) -> {
			forgetHandshake(in);
			out.withConnection(open -> beforeBridge(open, NettyPipeline.WsFrameAggregator,
					new WebSocketFrameAggregator(MAX_MESSAGE)));
			upstream.connected(out);
			// Hasura's close status is read once the frames have ended (Reactor
			// Netty keeps it): a subscription for the whole connection's life
			// would cost more heap than an idle socket's frames
			return in.receiveFrames().doOnNext(frame -> {
				if (frame instanceof TextWebSocketFrame text) {
					listener.message(upstream, text.content());
				}
			}).then(Mono.defer(in::receiveCloseStatus).doOnNext(upstream::closeStatus).then());
		}).contextWrite(Context.of(HEADERS, headers)).subscribe(null, upstream::failed, upstream::ended);
		Disposable handshakeTimer = Mono.delay(this.timeout)
			.subscribe(tick -> upstream.failed(new TimeoutException("no WebSocket handshake")));
		upstream.connecting(connection, handshakeTimer);
		return upstream;
	}

	private HttpClient.WebsocketSender sender(String subprotocol) {
		return this.senders.computeIfAbsent(subprotocol == null ? "" : subprotocol, name -> {
			WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().maxFramePayloadLength(MAX_MESSAGE);
			if (!name.isEmpty()) {
				spec.protocols(name);
			}
			return this.client.websocket(spec.build()).uri(this.endpoint);
		});
	}

	/**
	 * Drops the handshake's request and response headers, which the connection would
	 * otherwise keep for its whole life; nothing reads them once it is upgraded.
	 */
	private static void forgetHandshake(WebsocketInbound in) {
		if (in instanceof HttpClientRequest request) {
			request.requestHeaders().clear();
		}
		if (in instanceof HttpClientResponse response) {
			response.responseHeaders().clear();
		}
	}

	/**
	 * Adds {@code handler} where Reactor Netty's {@code addHandlerLast} would, without
	 * the subscription to the connection's end with which it removes the handler again: a
	 * few hundred bytes per connection for as long as it lives, while its pipeline goes
	 * with it anyway.
	 */
	private static void beforeBridge(Connection connection, String name, ChannelHandler handler) {
		ChannelPipeline pipeline = connection.channel().pipeline();
		if (pipeline.get(NettyPipeline.ReactiveBridge) != null) {
			pipeline.addBefore(NettyPipeline.ReactiveBridge, name, handler);
		}
		else {
			pipeline.addLast(name, handler);
		}
	}

	/**
	 * Takes out the {@code Origin} Netty writes into every handshake (the endpoint's own
	 * origin): the bridge is no browser page, and Hasura refuses a WebSocket whose
	 * {@code Origin} is not among its {@code HASURA_GRAPHQL_CORS_DOMAIN}s, while it takes
	 * one without.
	 */
	@Sharable
	private static final class NoOrigin extends ChannelOutboundHandlerAdapter {

		static final NoOrigin INSTANCE = new NoOrigin();

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
			if (message instanceof HttpRequest request) {
				request.headers().remove(HttpHeaderNames.ORIGIN);
				context.pipeline().remove(this);
			}
			super.write(context, message, promise);
		}

	}

	/** Warns, unless a warning went out within the last ten seconds (then at DEBUG). */
	static void warn(String message) {
		long now = System.nanoTime();
		long last = lastWarning.get();
		if (now - last >= WARNING_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
			logger.warn(message + " (similar failures within 10 s are logged at DEBUG)");
		}
		else {
			logger.debug(message);
		}
	}

	/** What an upstream connection tells its owner. */
	public interface Listener {

		/** The handshake is done: what was sent before it is on its way. */
		void opened(Upstream upstream);

		/**
		 * A text message; {@code content} is released when this returns, so retain it to
		 * keep it.
		 */
		void message(Upstream upstream, ByteBuf content);

		/**
		 * The connection ended, told once: Hasura's close code and reason, 1006 when it
		 * went without one, or 1011 when it could not be opened or did not open in time.
		 */
		void closed(Upstream upstream, int code, String reason);

	}

	/** One connection to Hasura. */
	public static final class Upstream {

		private final Listener listener;

		/** What is sent before the handshake is done; dropped once it is. */
		private List<TextWebSocketFrame> pending = new ArrayList<>(2);

		private Channel channel;

		private WebsocketOutbound outbound;

		private Disposable connection;

		private Disposable handshakeTimer;

		private WebSocketCloseStatus status;

		private boolean ended;

		private boolean opened;

		Upstream(Listener listener) {
			this.listener = listener;
		}

		/** Sends a text message, or queues it until the handshake is done. */
		public void send(String text) {
			sendFrame(new TextWebSocketFrame(text));
		}

		/** Sends a text message of {@code content}, which it releases. */
		public void send(ByteBuf content) {
			sendFrame(new TextWebSocketFrame(content));
		}

		private void sendFrame(TextWebSocketFrame frame) {
			Channel open;
			synchronized (this) {
				if (this.ended) {
					frame.release();
					return;
				}
				if (this.channel == null) {
					this.pending.add(frame);
					return;
				}
				open = this.channel;
			}
			open.writeAndFlush(frame, open.voidPromise());
		}

		/** Closes the connection with {@code code}; the listener hears of it. */
		public void close(int code, String reason) {
			WebsocketOutbound open;
			synchronized (this) {
				if (this.ended) {
					return;
				}
				open = this.outbound;
			}
			if (open == null) {
				end(code, reason);
				return;
			}
			open.sendClose(code, reason).subscribe(null, ex -> {
			});
		}

		void connecting(Disposable connection, Disposable handshakeTimer) {
			synchronized (this) {
				this.connection = connection;
				this.handshakeTimer = handshakeTimer;
				if (this.ended || this.opened) {
					handshakeTimer.dispose();
				}
				if (!this.ended) {
					return;
				}
			}
			connection.dispose();
		}

		void connected(WebsocketOutbound out) {
			List<TextWebSocketFrame> queued;
			synchronized (this) {
				if (this.ended) {
					out.sendClose(1000, null).subscribe(null, ex -> {
					});
					return;
				}
				this.opened = true;
				if (this.handshakeTimer != null) {
					this.handshakeTimer.dispose();
				}
				this.outbound = out;
				out.withConnection(connection -> this.channel = connection.channel());
				queued = this.pending;
				this.pending = null;
			}
			for (TextWebSocketFrame frame : queued) {
				this.channel.write(frame, this.channel.voidPromise());
			}
			this.channel.flush();
			this.listener.opened(this);
		}

		void closeStatus(WebSocketCloseStatus status) {
			synchronized (this) {
				this.status = status;
			}
		}

		void ended() {
			WebSocketCloseStatus last;
			synchronized (this) {
				last = this.status;
			}
			if (last == null) {
				end(WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), "Hasura closed the connection");
			}
			else {
				end(last.code(), last.reasonText());
			}
		}

		void failed(Throwable failure) {
			boolean wasOpen;
			synchronized (this) {
				if (this.ended) {
					return;
				}
				wasOpen = this.opened;
			}
			boolean timedOut = failure instanceof TimeoutException;
			warn("Hasura's GraphQL WebSocket " + (wasOpen ? "failed: " : "could not be opened: ")
					+ (timedOut ? "no answer within AUTH_HASURA_PROXY_TIMEOUT" : failure.toString()));
			end(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(),
					timedOut ? "Hasura did not answer in time" : "Hasura could not be reached");
		}

		private void end(int code, String reason) {
			List<TextWebSocketFrame> dropped;
			Disposable open;
			Disposable timer;
			synchronized (this) {
				if (this.ended) {
					return;
				}
				this.ended = true;
				dropped = this.pending == null ? List.of() : this.pending;
				this.pending = null;
				open = this.connection;
				timer = this.handshakeTimer;
			}
			dropped.forEach(TextWebSocketFrame::release);
			if (timer != null) {
				timer.dispose();
			}
			if (open != null) {
				open.dispose();
			}
			this.listener.closed(this, code, reason);
		}

	}

}
