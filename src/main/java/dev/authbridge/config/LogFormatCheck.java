package dev.authbridge.config;

import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks {@code AUTH_LOG_FORMAT} before logging starts: application.yaml maps
 * {@code text} and {@code json} to a console format, and any other value would stop
 * startup inside Boot's logging setup with a stack trace about an unknown format instead
 * of one line saying what to set.
 */
final class LogFormatCheck implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty("AUTH_LOG_FORMAT", "text");
		if (!format.equals("text") && !format.equals("json")) {
			throw new InvalidConfigurationException(List.of("AUTH_LOG_FORMAT must be text or json"));
		}
	}

}
