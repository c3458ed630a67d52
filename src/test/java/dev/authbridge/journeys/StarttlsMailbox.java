package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real SMTP server offering STARTTLS: Node's {@code smtp-server} 3.21.6 running
 * {@code src/test/js/smtp-server/starttls-server.mjs} in a process of its own (GreenMail
 * speaks TLS only from the first byte). Each mail it takes arrives here as the map the
 * script prints: {@code secure} (whether the connection was encrypted when the mail was
 * sent), {@code user}, {@code to}, {@code message}.
 */
final class StarttlsMailbox implements AutoCloseable {

	private static final Path SCRIPTS = Path.of("src/test/js/smtp-server");

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	/**
	 * Listens on {@code port} with the PKCS#12 key pair {@code keyStore}, accepting
	 * {@code user} and {@code password} once encrypted.
	 */
	StarttlsMailbox(int port, Path keyStore, String storePassword, String user, String password)
			throws IOException, InterruptedException {
		Node.assumeInstalled();
		Node.install(SCRIPTS);
		this.process = Node.start(SCRIPTS, "starttls-server.mjs",
				Map.of("SMTP_PORT", Integer.toString(port), "SMTP_PFX", keyStore.toAbsolutePath().toString(),
						"SMTP_PFX_PASSWORD", storePassword, "SMTP_USER", user, "SMTP_PASSWORD", password));
		Thread reader = new Thread(this::read, "starttls-mailbox");
		reader.setDaemon(true);
		reader.start();
		assertThat(next(Duration.ofSeconds(30))).as("the SMTP server started").isEqualTo("listening");
	}

	/** The next mail the server took, waiting up to {@code timeout} for it. */
	@SuppressWarnings("unchecked")
	Map<String, Object> received(Duration timeout) throws InterruptedException {
		String line = next(timeout);
		assertThat(line).as("a mail arrived within %s", timeout).isNotNull();
		return JsonMapper.builder().build().readValue(line, Map.class);
	}

	private String next(Duration timeout) throws InterruptedException {
		return this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void read() {
		try (BufferedReader output = this.process.inputReader()) {
			output.lines().forEach(this.lines::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

}
