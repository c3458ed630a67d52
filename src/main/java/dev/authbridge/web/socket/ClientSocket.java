package dev.authbridge.web.socket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The browser's side of a relay: its upgraded channel, what is written to it, and when it
 * last said anything ({@link SocketPings} pings it and lets it go when it stops
 * answering). It keeps nothing of the handshake: an idle socket is mostly this and its
 * Hasura connection, ten thousand of them per instance.
 */
final class ClientSocket {

	/** The longest close reason, in bytes. */
	static final int MAX_REASON = 123;

	/** Bytes waiting for a client that stopped reading, beyond which it is let go. */
	static final int SLOW_CLIENT_BYTES = 1024 * 1024;

	private final Channel channel;

	private final WebsocketOutbound out;

	/** {@link System#nanoTime()} of the last frame the client sent. */
	private volatile long lastHeard = System.nanoTime();

	/**
	 * Takes over an upgraded socket: the server's request read timeout goes (a quiet
	 * socket is no stalled request; {@link SocketPings} watches it instead), and so do
	 * the handshake's headers and cookies, which the channel would otherwise keep for its
	 * whole life while nothing reads them again.
	 */
	ClientSocket(WebsocketInbound in, WebsocketOutbound out) {
		this.out = out;
		Channel[] channel = new Channel[1];
		out.withConnection(connection -> {
			channel[0] = connection.channel();
			connection.removeHandler(NettyPipeline.ReadTimeoutHandler);
		});
		this.channel = channel[0];
		if (in instanceof HttpServerRequest request) {
			request.requestHeaders().clear();
			// Reactor Netty parses the cookies once and caches them beside the headers;
			// the session cookie alone is a few hundred bytes
			request.allCookies().values().forEach(Collection::clear);
			request.cookies().values().forEach(Collection::clear);
		}
		if (out instanceof HttpServerResponse response) {
			response.responseHeaders().clear();
		}
	}

	/** The client sent a frame: it is alive. */
	void heard() {
		this.lastHeard = System.nanoTime();
	}

	/**
	 * Whether the client has sent nothing for {@code quiet} nanoseconds up to
	 * {@code now}.
	 */
	boolean quietSince(long now, long quiet) {
		return now - this.lastHeard >= quiet;
	}

	void ping() {
		this.channel.writeAndFlush(new PingWebSocketFrame(), this.channel.voidPromise());
	}

	void send(String message) {
		this.channel.writeAndFlush(new TextWebSocketFrame(message), this.channel.voidPromise());
	}

	/**
	 * Passes on {@code content} (retained), unless the client has stopped reading and
	 * more than {@link #SLOW_CLIENT_BYTES} wait for it: then {@code false}.
	 */
	boolean forward(ByteBuf content) {
		if (!this.channel.isWritable() && this.channel.bytesBeforeWritable() > SLOW_CLIENT_BYTES) {
			return false;
		}
		this.channel.writeAndFlush(new TextWebSocketFrame(content.retain()), this.channel.voidPromise());
		return true;
	}

	/** Closes the socket with {@code code} and {@code reason}, cut to fit. */
	void close(int code, String reason) {
		this.out.sendClose(code, fitting(reason)).subscribe(null, ex -> {
		});
	}

	ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.channel.eventLoop().schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
	}

	/**
	 * {@code reason} cut to the 123 bytes of UTF-8 a close frame holds (RFC 6455 §5.5);
	 * Hasura's own reasons are often longer.
	 */
	static String fitting(String reason) {
		if (reason == null || reason.length() <= MAX_REASON / 3) {
			return reason;
		}
		byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= MAX_REASON) {
			return reason;
		}
		int end = MAX_REASON;
		while ((bytes[end] & 0xC0) == 0x80) {
			end--;
		}
		return new String(bytes, 0, end, StandardCharsets.UTF_8);
	}

	/**
	 * A close code that may be sent: those WebSocket reserves for "none given" and "gone
	 * without closing" become 1011.
	 */
	static int closable(int code) {
		return code == 1005 || code == 1006 || code == 1015 ? WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code() : code;
	}

}
