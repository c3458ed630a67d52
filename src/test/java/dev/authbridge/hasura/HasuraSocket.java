package dev.authbridge.hasura;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a test may ask about one WebSocket connection the {@link HasuraStandIn} accepted:
 * the upgrade request's headers, the subprotocol it answered, the {@code connection_init}
 * headers, the session's JWT {@code exp}, and how the connection ended. Safe to read from
 * any thread while the connection runs.
 */
public final class HasuraSocket {

	/**
	 * The close code recorded when the TCP connection ended without a close frame: what a
	 * client reports then (RFC 6455 §7.1.5), and what Hasura's clients see at a JWT's
	 * {@code exp}.
	 */
	public static final int NO_CLOSE_FRAME = 1006;

	private final Map<String, List<String>> handshakeHeaders;

	private final String subprotocol;

	private volatile Channel channel;

	private volatile Map<String, String> initHeaders;

	private volatile Instant exp;

	private volatile boolean open = true;

	private Integer closeCode;

	private String closeReason;

	HasuraSocket(Map<String, List<String>> handshakeHeaders, String subprotocol) {
		this.handshakeHeaders = handshakeHeaders;
		this.subprotocol = subprotocol;
	}

	/** The upgrade request's headers by lower-case name. */
	public Map<String, List<String>> handshakeHeaders() {
		return this.handshakeHeaders;
	}

	/** {@code graphql-transport-ws} or {@code graphql-ws}: the protocol it speaks. */
	public String subprotocol() {
		return this.subprotocol;
	}

	/**
	 * The {@code headers} of the latest {@code connection_init}'s payload by lower-case
	 * name, or {@code null} before one arrived.
	 */
	public Map<String, String> initHeaders() {
		return this.initHeaders;
	}

	/**
	 * The {@code exp} of the JWT the connection was initialised with, or {@code null}.
	 */
	public Instant exp() {
		return this.exp;
	}

	/** Whether the connection is still open. */
	public boolean open() {
		return this.open;
	}

	/**
	 * The close code: the one the stand-in sent, else the client's, else
	 * {@link #NO_CLOSE_FRAME}; {@code null} while no side closed.
	 */
	public synchronized Integer closeCode() {
		return this.closeCode;
	}

	/** The close reason beside {@link #closeCode()}. */
	public synchronized String closeReason() {
		return this.closeReason;
	}

	void attach(Channel channel) {
		this.channel = channel;
	}

	void initialised(Map<String, String> headers, Instant exp) {
		this.initHeaders = headers;
		if (this.exp == null) {
			this.exp = exp;
		}
	}

	/** Records the first close; {@code false} when the connection was already closing. */
	synchronized boolean closing(int code, String reason) {
		if (this.closeCode != null) {
			return false;
		}
		this.closeCode = code;
		this.closeReason = reason;
		return true;
	}

	/** Ends the TCP connection without a close frame, as a Hasura going away does. */
	void drop() {
		closing(NO_CLOSE_FRAME, "");
		Channel channel = this.channel;
		if (channel != null) {
			channel.close();
		}
	}

	void ended() {
		closing(NO_CLOSE_FRAME, "");
		this.open = false;
	}

}
