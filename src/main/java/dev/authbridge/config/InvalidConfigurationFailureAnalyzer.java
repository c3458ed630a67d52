package dev.authbridge.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints configuration problems as Spring Boot's short startup report instead of a stack
 * trace.
 */
final class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		return new FailureAnalysis(
				"AuthBridge is not configured correctly:\n  - " + String.join("\n  - ", cause.problems()),
				"Set the variables named above (every one is described in .env.example), then start again.", cause);
	}

}
