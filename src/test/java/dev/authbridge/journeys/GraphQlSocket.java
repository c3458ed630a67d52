package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GraphQL WebSocket client at the protocol level, for what a library client never sends
 * (malformed and out-of-order messages) and for reading close codes: Reactor Netty's
 * WebSocket client, messages written by the test, every text message received kept in
 * order, and the close status when the bridge closes.
 */
final class GraphQlSocket implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Marks the {@code Origin} to take out before the handshake leaves. */
	private static final String NO_ORIGIN = "none";

	private final Sinks.Many<WebSocketFrame> outgoing = Sinks.many().unicast().onBackpressureBuffer();

	private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

	private final CompletableFuture<WebSocketCloseStatus> closed = new CompletableFuture<>();

	private final Disposable connection;

	private GraphQlSocket(int port, String protocol, Map<String, String> headers, boolean answersPings) {
		CompletableFuture<Void> open = new CompletableFuture<>();
		this.connection = HttpClient.create()
			.doOnConnected(
					connection -> connection.addHandlerLast("test.noOrigin", new ChannelOutboundHandlerAdapter() {
						@Override
						public void write(ChannelHandlerContext context, Object message, ChannelPromise promise)
								throws Exception {
							if (message instanceof HttpRequest request
									&& NO_ORIGIN.equals(request.headers().get(HttpHeaderNames.ORIGIN))) {
								request.headers().remove(HttpHeaderNames.ORIGIN);
							}
							super.write(context, message, promise);
						}
					}))
			.headers(out -> headers.forEach(out::set))
			.websocket(WebsocketClientSpec.builder()
				.protocols(protocol)
				.maxFramePayloadLength(1 << 20)
				// handled here means dropped: a client that has gone away without closing
				.handlePing(!answersPings)
				.build())
			.uri("ws://127.0.0.1:" + port + "/v1/graphql")
			.handle((in, out) -> {
				open.complete(null);
				in.receiveCloseStatus().subscribe(this.closed::complete);
				in.receiveFrames()
					.ofType(TextWebSocketFrame.class)
					.map(frame -> JSON.readTree(frame.text()))
					.subscribe(this.received::add);
				return out.sendObject(this.outgoing.asFlux());
			})
			.subscribe(null, ex -> {
				open.completeExceptionally(ex);
				this.closed.complete(null);
			}, () -> this.closed.complete(null));
		open.orTimeout(10, TimeUnit.SECONDS).join();
	}

	/**
	 * A socket in {@code protocol} (none when {@code null}) with {@code cookie} as the
	 * session cookie (none when {@code null}).
	 */
	static GraphQlSocket open(int port, String protocol, String cookie) {
		return open(port, protocol, cookie, BridgeTest.URL);
	}

	/**
	 * {@link #open(int, String, String)} from a page on {@code origin}; {@code null} for
	 * no {@code Origin} at all, as from a client that is no browser.
	 */
	static GraphQlSocket open(int port, String protocol, String cookie, String origin) {
		// without one, Netty would send an Origin of its own (the socket's address),
		// which
		// the bridge refuses as it would a page elsewhere
		Map<String, String> headers = new HashMap<>(Map.of("Origin", origin == null ? NO_ORIGIN : origin));
		if (cookie != null) {
			headers.put("Cookie", Browser.SESSION_COOKIE + "=" + cookie);
		}
		return new GraphQlSocket(port, protocol, headers, true);
	}

	/**
	 * {@link #initialised} but for its pings, which it never answers, as a client whose
	 * network went away without a close.
	 */
	static GraphQlSocket deaf(int port, String protocol, String cookie) {
		GraphQlSocket socket = new GraphQlSocket(port, protocol,
				Map.of("Origin", BridgeTest.URL, "Cookie", Browser.SESSION_COOKIE + "=" + cookie), false);
		socket.send("{\"type\":\"connection_init\",\"payload\":{}}");
		socket.next("connection_ack");
		return socket;
	}

	/**
	 * Opened and acknowledged: {@code connection_init} sent, {@code connection_ack} read.
	 */
	static GraphQlSocket initialised(int port, String protocol, String cookie) {
		GraphQlSocket socket = open(port, protocol, cookie);
		socket.send("{\"type\":\"connection_init\",\"payload\":{}}");
		socket.next("connection_ack");
		return socket;
	}

	void send(String message) {
		this.outgoing.tryEmitNext(new TextWebSocketFrame(message)).orThrow();
	}

	void sendBinary(byte[] bytes) {
		this.outgoing.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))).orThrow();
	}

	/** The next message of {@code type}, skipping keep-alives; fails after 10 s. */
	JsonNode next(String type) {
		return next(message -> type.equals(message.path("type").asString()), Duration.ofSeconds(10));
	}

	/**
	 * The next message that {@code wanted} accepts, skipping others; fails after
	 * {@code wait}.
	 */
	JsonNode next(Predicate<JsonNode> wanted, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		try {
			while (true) {
				JsonNode message = this.received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				assertThat(message).as("a wanted message within " + wait).isNotNull();
				if (wanted.test(message)) {
					return message;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The close status the bridge sent, within {@code wait}; {@code null} for none. */
	WebSocketCloseStatus closedWithin(Duration wait) {
		return this.closed.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	boolean isOpen() {
		return !this.closed.isDone();
	}

	@Override
	public void close() {
		this.connection.dispose();
	}

}
