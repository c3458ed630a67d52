package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.AuthBridgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code AUTH_LOG_FORMAT=json} turns the console into one ECS JSON object per line; by
 * default lines stay plain.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogFormatTests {

	/**
	 * A command-line argument, so it outranks application.yaml's {@code server.port:
	 * ${PORT:3000}}.
	 */
	private static final String RANDOM_PORT = "--server.port=0";

	private static final String STARTUP_LINE = "Public URL http://localhost:3000/";

	@Test
	void startWhenLogFormatJsonThenLinesAreEcsJson(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties("AUTH_LOG_FORMAT=json")
			.run(RANDOM_PORT)) {
			String line = output.getOut().lines().filter(l -> l.contains(STARTUP_LINE)).findFirst().orElseThrow();
			JsonNode json = JsonMapper.shared().readTree(line);
			assertThat(json.at("/log/level").asString()).isEqualTo("INFO");
			assertThat(json.path("message").asString()).startsWith(STARTUP_LINE);
			assertThat(json.at("/log/logger").asString()).isEqualTo(StartupReport.class.getName());
		}
	}

	@Test
	void startWhenLogFormatTextThenLinesArePlain(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties("AUTH_LOG_FORMAT=text")
			.run(RANDOM_PORT)) {
			assertThat(output.getOut().lines().filter(l -> l.contains(STARTUP_LINE)).findFirst().orElseThrow())
				.doesNotStartWith("{")
				.contains(" INFO ");
		}
	}

}
