package dev.authbridge.web.socket;

import dev.authbridge.hasura.GraphQlOperations;
import dev.authbridge.web.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.InputStream;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the relay reads out of a client's message beyond its head, and the
 * {@code connection_init} it writes to Hasura in the client's stead.
 */
final class ClientMessages {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ClientMessages() {
	}

	/**
	 * The {@code x-hasura-role} header of a {@code connection_init}'s payload, in any
	 * case, or {@code null}: the one thing of the client's headers Hasura gets.
	 */
	static String role(ByteBuf connectionInit) {
		String role = null;
		JsonNode headers = tree(connectionInit).path("payload").path("headers");
		for (Map.Entry<String, JsonNode> header : headers.properties()) {
			if (header.getKey().equalsIgnoreCase("x-hasura-role") && header.getValue().isString()) {
				role = header.getValue().asString();
			}
		}
		return role;
	}

	/** Whether a start message's operation is a subscription, which moves. */
	static boolean subscription(ByteBuf start) {
		JsonNode payload = tree(start).path("payload");
		return GraphQlOperations.isSubscription(text(payload.path("query")), text(payload.path("operationName")));
	}

	/**
	 * The {@code connection_init} Hasura gets: the token ({@code null}: signed out), and
	 * the client's role choice ({@code null}: none).
	 */
	static String init(String token, String role) {
		StringBuilder out = new StringBuilder(512).append("{\"type\":\"connection_init\",\"payload\":{\"headers\":{");
		if (token != null) {
			out.append("\"Authorization\":");
			Json.string(out, "Bearer " + token);
		}
		if (role != null) {
			Json.string(out.append(token != null ? ",\"x-hasura-role\":" : "\"x-hasura-role\":"), role);
		}
		return out.append("}}}").toString();
	}

	private static JsonNode tree(ByteBuf content) {
		try {
			return JSON.readTree((InputStream) new ByteBufInputStream(content.duplicate()));
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.asString() : null;
	}

}
