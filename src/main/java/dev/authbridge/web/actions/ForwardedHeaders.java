package dev.authbridge.web.actions;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.ByteArrayOutputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A client's headers as Hasura forwards them to its auth webhook: as the webhook
 * request's own headers ({@code HASURA_GRAPHQL_AUTH_HOOK_MODE=GET}), or as the
 * {@code headers} object of its JSON body ({@code POST}:
 * {@code {"headers":{…},"request":{…}}}, Hasura's {@code Auth/WebHook.hs}). Names are
 * case-insensitive and the first value wins; anything that is not a header (a body that
 * is no JSON object, a value that is no string) is left out, so that it reads as no
 * credentials at all.
 */
final class ForwardedHeaders {

	/**
	 * How much of a POST body is looked at. Hasura writes {@code headers} before
	 * {@code request}, so the headers are read from this much; the GraphQL request after
	 * them (variables can be large) is drained unread.
	 */
	static final int MAX_BODY_PREFIX = 256 * 1024;

	private static final JsonFactory JSON = new JsonFactory();

	private static final ForwardedHeaders NONE = new ForwardedHeaders(new HttpHeaders());

	private final HttpHeaders headers;

	private ForwardedHeaders(HttpHeaders headers) {
		this.headers = headers;
	}

	/** GET mode: the client's headers are the request's. */
	static ForwardedHeaders of(HttpHeaders request) {
		return new ForwardedHeaders(request);
	}

	/**
	 * POST mode: the {@code headers} object of the body, read from its first
	 * {@link #MAX_BODY_PREFIX} bytes; none when the body cannot be read.
	 */
	static Mono<ForwardedHeaders> fromBody(Flux<DataBuffer> body) {
		return body.collect(ByteArrayOutputStream::new, ForwardedHeaders::keepPrefix)
			.map(prefix -> parse(prefix.toByteArray()))
			.onErrorReturn(NONE);
	}

	private static void keepPrefix(ByteArrayOutputStream prefix, DataBuffer buffer) {
		try {
			int length = Math.min(buffer.readableByteCount(), MAX_BODY_PREFIX - prefix.size());
			if (length > 0) {
				byte[] bytes = new byte[length];
				buffer.read(bytes);
				prefix.write(bytes, 0, length);
			}
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/** The headers in {@code body}, {@code {"headers":{"Name":"value",…},…}}. */
	static ForwardedHeaders parse(byte[] body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return NONE;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				if (parser.nextToken() == JsonToken.START_OBJECT && "headers".equals(name)) {
					return new ForwardedHeaders(headers(parser));
				}
				parser.skipChildren();
			}
			return NONE;
		}
		catch (JacksonException ex) {
			return NONE;
		}
	}

	private static HttpHeaders headers(JsonParser parser) {
		HttpHeaders headers = new HttpHeaders();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			if (parser.nextToken() == JsonToken.VALUE_STRING) {
				headers.add(name, parser.getString());
			}
			else {
				parser.skipChildren();
			}
		}
		return headers;
	}

	/** The first value of header {@code name}, or {@code null}. */
	String first(String name) {
		return this.headers.getFirst(name);
	}

	/**
	 * The first value of cookie {@code name} over every {@code Cookie} header, as WebFlux
	 * reads a request's cookies (Reactor Netty's strict decoder, first wins); or
	 * {@code null}.
	 */
	String cookie(String name) {
		for (String header : this.headers.getOrEmpty(HttpHeaders.COOKIE)) {
			for (Cookie cookie : ServerCookieDecoder.STRICT.decodeAll(header)) {
				if (cookie.name().equals(name)) {
					return cookie.value();
				}
			}
		}
		return null;
	}

}
