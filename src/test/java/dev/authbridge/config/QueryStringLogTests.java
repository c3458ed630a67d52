package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.AuthBridgeApplication;
import dev.authbridge.RawHttp;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * No log line carries a query string's values (issue #14): a code, a state or a token in
 * the URL of a request that is malformed (Reactor Netty's "Decoding failed" warning) or
 * answered (the DEBUG lines of the server and WebFlux), in either log format.
 */
@ExtendWith(OutputCaptureExtension.class)
class QueryStringLogTests {

	private static final String CODE = "SECRETCODE0123";

	private static final String STATE = "SECRETSTATE0123";

	private static final String CALLBACK = "/api/auth/callback/github?code=" + CODE + "&state=" + STATE;

	@ParameterizedTest(name = "AUTH_LOG_FORMAT={0}")
	@ValueSource(strings = { "text", "json" })
	void logWhenRequestsCarrySecretsInQueryThenNoLineHasThem(String format, CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties("AUTH_LOG_FORMAT=" + format, "logging.level.reactor.netty.http.server=DEBUG",
					"logging.level.org.springframework.web=DEBUG")
			.run("--server.port=0")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			RawHttp.send(port, "GET", CALLBACK, List.of("Bad Header Line"), null);
			RawHttp.send(port, "GET", CALLBACK + "\u0001", List.of(), null);
			RawHttp.send(port, "GET", CALLBACK + "&pad=" + "a".repeat(5000), List.of(), null);
			RawHttp.get(port, CALLBACK);
			RawHttp.get(port, "/api/auth/session?token=" + CODE);

			assertThat(output.getAll()).contains("Decoding failed").doesNotContain(CODE).doesNotContain(STATE);
		}
	}

}
