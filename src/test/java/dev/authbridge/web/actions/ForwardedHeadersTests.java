package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;

class ForwardedHeadersTests {

	@Test
	void parseWhenHasurasPostBodyThenHeadersCaseInsensitive() {
		ForwardedHeaders headers = parse("{\"headers\":{\"cookie\":\"a=1; s=2\",\"X-Hasura-Role\":\"editor\"},"
				+ "\"request\":{\"query\":\"{ users { id } }\"}}");

		assertThat(headers.first("Cookie")).isEqualTo("a=1; s=2");
		assertThat(headers.first("x-hasura-role")).isEqualTo("editor");
		assertThat(headers.cookie("s")).isEqualTo("2");
	}

	@Test
	void parseWhenRequestBeforeHeadersThenSkippedOver() {
		assertThat(parse("{\"request\":{\"variables\":{\"a\":[1,{\"b\":null}]}},\"headers\":{\"Authorization\":\"x\"}}")
			.first("Authorization")).isEqualTo("x");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[]", "null", "\"headers\"", "{\"headers\":[\"Cookie\"]}",
			"{\"headers\":{\"Cookie\":5,\"Authorization\":[\"x\"],\"X-Hasura-Role\":{\"a\":\"b\"}}}",
			"{\"headers\":{\"Cookie\":", "{\"other\":" })
	void parseWhenNoHeadersObjectOfStringsThenNoHeaders(String body) {
		ForwardedHeaders headers = parse(body);

		assertThat(headers.first("Cookie")).isNull();
		assertThat(headers.first("Authorization")).isNull();
		assertThat(headers.first("X-Hasura-Role")).isNull();
	}

	@Test
	void fromBodyWhenLargerThanPrefixThenHeadersStillReadAndRestDrained() {
		String start = "{\"headers\":{\"Cookie\":\"s=1\"},\"request\":\"";
		byte[] tail = new byte[ForwardedHeaders.MAX_BODY_PREFIX];
		Arrays.fill(tail, (byte) 'x');
		DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
		Flux<DataBuffer> body = Flux.just(buffers.wrap(start.getBytes(StandardCharsets.UTF_8)), buffers.wrap(tail),
				buffers.wrap("\"}".getBytes(StandardCharsets.UTF_8)));

		assertThat(ForwardedHeaders.fromBody(body).block().cookie("s")).isEqualTo("1");
	}

	@Test
	void fromBodyWhenBodyFailsThenNoHeaders() {
		assertThat(ForwardedHeaders.fromBody(Flux.error(new IllegalStateException("reset"))).block().first("Cookie"))
			.isNull();
	}

	@Test
	void cookieWhenSeveralCookieHeadersThenFirstValueOverAll() {
		HttpHeaders request = new HttpHeaders();
		request.add(HttpHeaders.COOKIE, "a=1");
		request.add(HttpHeaders.COOKIE, "s=first; s=second");
		request.add(HttpHeaders.COOKIE, "s=third");

		assertThat(ForwardedHeaders.of(request).cookie("s")).isEqualTo("first");
		assertThat(ForwardedHeaders.of(request).cookie("missing")).isNull();
	}

	private static ForwardedHeaders parse(String body) {
		return ForwardedHeaders.parse(body.getBytes(StandardCharsets.UTF_8));
	}

}
