package dev.authbridge.config;

import java.util.List;

/**
 * Startup stops: every problem found in the configuration, one line each saying what to
 * set.
 */
public final class InvalidConfigurationException extends RuntimeException {

	private final List<String> problems;

	public InvalidConfigurationException(List<String> problems) {
		super(String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
