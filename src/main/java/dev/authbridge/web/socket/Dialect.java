package dev.authbridge.web.socket;

import dev.authbridge.web.Json;
import java.util.List;

/**
 * The two GraphQL-over-WebSocket subprotocols Hasura speaks, by the message types the
 * proxy must tell apart: {@code graphql-transport-ws} (the graphql-ws library's, the
 * {@code subscribe}/{@code next}/{@code complete} protocol) and the legacy
 * {@code graphql-ws} (Apollo's subscriptions-transport-ws,
 * {@code start}/{@code data}/{@code stop}).
 */
enum Dialect {

	TRANSPORT("graphql-transport-ws", "subscribe", "complete"),

	LEGACY("graphql-ws", "start", "stop");

	/** Its {@code Sec-WebSocket-Protocol} name. */
	final String protocol;

	/** The type of the client's message that starts an operation. */
	final String start;

	/** The type of the client's message that stops one. */
	final String stop;

	Dialect(String protocol, String start, String stop) {
		this.protocol = protocol;
		this.start = start;
		this.stop = stop;
	}

	/**
	 * The first of the client's subprotocols that one of these is, as Hasura chooses; the
	 * legacy one when the client names none (Hasura's default); {@code null} when it
	 * names only others.
	 */
	static Dialect negotiate(List<String> offered) {
		if (offered.isEmpty()) {
			return LEGACY;
		}
		for (String name : offered) {
			for (Dialect dialect : values()) {
				if (dialect.protocol.equals(name)) {
					return dialect;
				}
			}
		}
		return null;
	}

	/**
	 * The message that ends operation {@code id} with {@code message}, as this dialect's
	 * server says it: a list of GraphQL errors, or one error object in the legacy one.
	 */
	String error(String id, String message) {
		StringBuilder out = new StringBuilder(64 + message.length()).append("{\"type\":\"error\",\"id\":");
		Json.string(out, id).append(",\"payload\":");
		if (this == TRANSPORT) {
			out.append('[');
		}
		Json.string(out.append("{\"message\":"), message).append('}');
		if (this == TRANSPORT) {
			out.append(']');
		}
		return out.append('}').toString();
	}

	/** The message that asks the server to stop operation {@code id}. */
	String stop(String id) {
		StringBuilder out = new StringBuilder(40).append("{\"type\":\"").append(this.stop).append("\",\"id\":");
		return Json.string(out, id).append('}').toString();
	}

}
