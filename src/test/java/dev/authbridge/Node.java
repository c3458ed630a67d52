package dev.authbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node test files ({@code node --test}) run from a Java test, which hands them what they
 * need in environment variables. Where Node is not installed the test is skipped, unless
 * {@code AUTHBRIDGE_REQUIRE_NODE=1} (as CI sets it), when it fails.
 */
public final class Node {

	static final String REQUIRE = "AUTHBRIDGE_REQUIRE_NODE";

	private Node() {
	}

	/** Skips (or, when Node is required, fails) the calling test without Node. */
	public static void assumeInstalled() {
		boolean installed = runs("node", "--version");
		if ("1".equals(System.getenv(REQUIRE))) {
			assertThat(installed).as("node is installed (" + REQUIRE + "=1)").isTrue();
		}
		assumeTrue(installed, "node is not installed");
	}

	/**
	 * Installs the packages of the package in {@code directory} exactly as its lock file
	 * pins them ({@code npm ci}), unless they are in place already.
	 */
	public static void install(Path directory) throws IOException, InterruptedException {
		Path lock = directory.resolve("package-lock.json");
		Path installed = directory.resolve("node_modules/.package-lock.json");
		if (Files.exists(installed)
				&& Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
			return;
		}
		run(directory, Duration.ofMinutes(5), Map.of(), "npm", "ci", "--no-audit", "--no-fund");
	}

	/**
	 * Runs {@code node --test file} in {@code directory} with {@code environment}, and
	 * fails with its output unless every test in it passed within {@code timeout}.
	 */
	public static void test(Path directory, String file, Map<String, String> environment, Duration timeout)
			throws IOException, InterruptedException {
		run(directory, timeout, environment, "node", "--test", "--test-reporter=spec", file);
	}

	/**
	 * Starts {@code node file} in {@code directory} with {@code environment}: a server
	 * the test talks to, whose output and errors both come out of its input stream.
	 */
	public static Process start(Path directory, String file, Map<String, String> environment) throws IOException {
		ProcessBuilder builder = new ProcessBuilder("node", file).directory(directory.toFile())
			.redirectErrorStream(true);
		builder.environment().putAll(environment);
		return builder.start();
	}

	private static void run(Path directory, Duration timeout, Map<String, String> environment, String... command)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		byte[] output = process.getInputStream().readAllBytes();
		boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		String text = new String(output, StandardCharsets.UTF_8);
		assertThat(ended).as("%s ended within %s%n%s", String.join(" ", command), timeout, text).isTrue();
		assertThat(process.exitValue()).as("%s%n%s", String.join(" ", command), text).isZero();
	}

	private static boolean runs(String... command) {
		try {
			return new ProcessBuilder(command).start().waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
