package dev.authbridge.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proxy's reading of the two subprotocols: which one a handshake gets, a message's
 * head, the messages it writes itself, and its timings and limits.
 */
class SocketProtocolTests {

	@Test
	void negotiateWhenOfferedThenClientsFirstKnownOneAndLegacyForNone() {
		assertThat(Dialect.negotiate(List.of())).isEqualTo(Dialect.LEGACY);
		assertThat(Dialect.negotiate(List.of("graphql-transport-ws"))).isEqualTo(Dialect.TRANSPORT);
		assertThat(Dialect.negotiate(List.of("mqtt", "graphql-ws", "graphql-transport-ws"))).isEqualTo(Dialect.LEGACY);
		assertThat(Dialect.negotiate(List.of("mqtt", "GRAPHQL-WS"))).isNull();
	}

	@Test
	void errorAndStopWhenWrittenThenInEachDialectsShapeWithEscapes() {
		assertThat(Dialect.TRANSPORT.error("a\"1", "no"))
			.isEqualTo("{\"type\":\"error\",\"id\":\"a\\\"1\",\"payload\":[{\"message\":\"no\"}]}");
		assertThat(Dialect.LEGACY.error("1", "no"))
			.isEqualTo("{\"type\":\"error\",\"id\":\"1\",\"payload\":{\"message\":\"no\"}}");
		assertThat(Dialect.TRANSPORT.stop("7")).isEqualTo("{\"type\":\"complete\",\"id\":\"7\"}");
		assertThat(Dialect.LEGACY.stop("7")).isEqualTo("{\"type\":\"stop\",\"id\":\"7\"}");
	}

	@ParameterizedTest(name = "{0} -> {1} {2}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			{"type":"next","id":"1","payload":{"data":{"x":1}}}        | next            | 1
			{"payload":{"data":{"type":"x","id":"2"}},"id":"1","type":"data"} | data      | 1
			{"type":"connection_ack"}                                  | connection_ack  | null
			{"type":"ka","id":7}                                       | ka              | null
			""")
	void headWhenObjectWithStringTypeThenTypeAndId(String message, String type, String id) {
		ByteBuf content = buffer(message);
		assertThat(MessageHead.of(content)).isEqualTo(new MessageHead(type, id));
		assertThat(content.readerIndex()).isZero();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"type":
			[1,2]
			"next"
			{"type":3}
			{"id":"1"}
			""")
	void headWhenNotAnObjectWithStringTypeThenNone(String message) {
		assertThat(MessageHead.of(buffer(message))).isNull();
	}

	@ParameterizedTest(name = "{0} s left -> replaced {1} ms before")
	@CsvSource(textBlock = """
			2, 1000
			6, 1500
			30, 7500
			900, 60000
			""")
	void leadWhenTokenLifeLeftThenAQuarterWithinOneSecondToOneMinute(long left, long lead) {
		assertThat(HasuraConnections.lead(Duration.ofSeconds(left))).isEqualTo(Duration.ofMillis(lead));
	}

	@Test
	void fittingWhenReasonLongerThanACloseFrameHoldsThenCutOnACharacter() {
		assertThat(ClientSocket.fitting(null)).isNull();
		assertThat(ClientSocket.fitting("Signed out")).isEqualTo("Signed out");
		assertThat(ClientSocket.fitting("x".repeat(200))).hasSize(123);
		String cut = ClientSocket.fitting("x" + "é".repeat(100));
		assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
		assertThat(cut).endsWith("é");
	}

	private static ByteBuf buffer(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
	}

}
