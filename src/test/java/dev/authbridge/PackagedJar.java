package dev.authbridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The packaged jar ({@code target/authbridge.jar}, which failsafe names in the system
 * property {@code authbridge.jar}) started as the image starts it: in a JVM of its own,
 * with Spring AOT on, and with no environment but the one given ({@code PATH} and the
 * locale aside) and {@code PORT}, a free port. Its output goes to
 * {@code target/packaged-jar/<name>.log}. {@link #close()} stops it as a container
 * runtime does, with SIGTERM to its PID, and waits for it to exit.
 */
public final class PackagedJar implements AutoCloseable {

	/** Longer than any start seen on a busy 2-core machine. */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	/** Longer than the graceful shutdown: in-flight requests, then every bean's close. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

	private static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "TZ");

	private final Process process;

	private final Path log;

	private final int port;

	private PackagedJar(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts the jar with {@code environment} and the JVM {@code options}, and waits
	 * until it has started; fails with its log when it does not.
	 */
	public static PackagedJar start(String name, Map<String, String> environment, String... options) {
		Path jar = Path.of(System.getProperty("authbridge.jar", "target/authbridge.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is not built: run ./mvnw verify, which packages it first");
		}
		int port = FreePort.next();
		Path log = jar.toAbsolutePath().getParent().resolve("packaged-jar").resolve(name + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dspring.aot.enabled=true");
		// C1 only: a shorter start on a busy machine; nothing here measures speed
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(List.of(options));
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().retainAll(INHERITED);
		env.putAll(environment);
		env.put("PORT", Integer.toString(port));
		try {
			Files.createDirectories(log.getParent());
			PackagedJar started = new PackagedJar(builder.start(), log, port);
			Runtime.getRuntime().addShutdownHook(new Thread(started.process::destroyForcibly, "packaged-jar-" + name));
			started.awaitStarted();
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + jar, ex);
		}
	}

	/** A client for its HTTP port. */
	public WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl(url()).build();
	}

	/** {@code http://localhost:<port>}, the {@code AUTH_URL} it defaults to. */
	public String url() {
		return "http://localhost:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/** Everything it has written so far. */
	public String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * SIGTERM, then waits for the exit; a process still there after {@link #STOP_TIMEOUT}
	 * is killed.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
				throw new IllegalStateException("the jar did not stop within " + STOP_TIMEOUT + "; see " + this.log);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private void awaitStarted() {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!log().contains("Started AuthBridgeApplication")) {
			boolean exited = !this.process.isAlive();
			if (exited || System.nanoTime() > deadline) {
				String reason = exited ? "exit code " + this.process.exitValue() : "not started in " + START_TIMEOUT;
				this.process.destroyForcibly();
				throw new IllegalStateException("the jar did not start (" + reason + "); " + this.log + ":\n" + log());
			}
			sleep(Duration.ofMillis(50));
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
