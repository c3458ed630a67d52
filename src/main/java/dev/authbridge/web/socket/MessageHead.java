package dev.authbridge.web.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A GraphQL WebSocket message's {@code type} and {@code id}, read without building its
 * {@code payload}: enough to route a result, which then passes on as the bytes it came
 * in.
 *
 * @param type the message's {@code type}
 * @param id its {@code id}, or {@code null}
 */
record MessageHead(String type, String id) {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	/**
	 * The head of the JSON object in {@code content} (left as it was), or {@code null}
	 * when it is no object with a string {@code type}.
	 */
	static MessageHead of(ByteBuf content) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(),
				(InputStream) new ByteBufInputStream(content.duplicate()))) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			String type = null;
			String id = null;
			String name;
			while ((name = parser.nextName()) != null && (type == null || id == null)) {
				JsonToken value = parser.nextToken();
				if (name.equals("type") && value == JsonToken.VALUE_STRING) {
					type = parser.getString();
				}
				else if (name.equals("id") && value == JsonToken.VALUE_STRING) {
					id = parser.getString();
				}
				else {
					parser.skipChildren();
				}
			}
			return type == null ? null : new MessageHead(type, id);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
