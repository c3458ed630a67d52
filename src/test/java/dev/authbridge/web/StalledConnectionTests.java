package dev.authbridge.web;

import static dev.authbridge.RawHttp.statusLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Connections that stall are closed (issue #14): one that never sends anything, a request
 * head or body that stops half-way or trickles in a byte at a time, and a keep-alive
 * connection left idle. Played on raw sockets with short timeouts; a connection used
 * within them is still answered.
 */
@BridgeTest
@TestPropertySource(properties = { "AUTH_IDLE_TIMEOUT=2s", "AUTH_REQUEST_READ_TIMEOUT=1s" })
class StalledConnectionTests {

	/**
	 * The longest a stalled connection may stay open here: the longer timeout and a
	 * margin for a busy machine.
	 */
	private static final Duration BOUND = Duration.ofSeconds(5);

	/**
	 * How long a test waits for the server to close a connection before it calls it open
	 * for good.
	 */
	private static final Duration GIVE_UP = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Test
	void connectionWhenNothingSentThenClosedAfterIdleTimeout() throws IOException {
		try (Socket socket = connect()) {
			assertThat(timeToClose(socket, "")).isLessThan(BOUND);
		}
	}

	@Test
	void connectionWhenRequestHeadStallsThenClosedAfterIdleTimeout() throws IOException {
		try (Socket socket = connect()) {
			send(socket, "GET /api/auth/providers HTTP/1.1\r\nHost: localhost\r\n");
			assertThat(timeToClose(socket, "")).isLessThan(BOUND);
		}
	}

	@Test
	void connectionWhenRequestHeadTricklesThenClosedAfterIdleTimeout() throws IOException {
		try (Socket socket = connect()) {
			send(socket, "GET /api/auth/providers HTTP/1.1\r\nHost: localhost\r\nX-Padding: ");
			// a byte every 200 ms: the idle timeout runs until a whole head is decoded,
			// so bytes do not restart it
			assertThat(timeToClose(socket, "a")).isLessThan(BOUND);
		}
	}

	@Test
	void connectionWhenIdleAfterAnsweredRequestThenClosedAfterIdleTimeout() throws IOException {
		try (Socket socket = connect()) {
			send(socket, get("/api/auth/csrf"));
			assertThat(statusLine(socket.getInputStream())).contains(" 200 ");
			assertThat(timeToClose(socket, "")).isLessThan(BOUND);
		}
	}

	@Test
	void requestWhenBodyStallsThenClosedAfterRequestReadTimeout() throws IOException {
		try (Socket socket = connect()) {
			send(socket, "POST /api/auth/signin/github HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncsrfToken=");
			assertThat(timeToClose(socket, "")).isLessThan(BOUND);
		}
	}

	@Test
	void connectionWhenKeptAliveWithinTimeoutsThenEveryRequestAnswered() throws IOException, InterruptedException {
		try (Socket socket = connect()) {
			InputStream in = socket.getInputStream();
			send(socket, get("/api/auth/csrf"));
			assertThat(statusLine(in)).contains(" 200 ");
			Thread.sleep(1000);
			String request = get("/api/auth/providers");
			send(socket, request.substring(0, 20));
			Thread.sleep(300);
			send(socket, request.substring(20));
			assertThat(statusLine(in)).contains(" 200 ");
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		socket.setSoTimeout(5000);
		return socket;
	}

	private static String get(String target) {
		return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/**
	 * How long the server kept {@code socket} open from now, reading and dropping
	 * whatever it answers; meanwhile {@code trickle}, when not empty, is sent one
	 * character every 200 ms. {@link #GIVE_UP} when it stayed open.
	 */
	private static Duration timeToClose(Socket socket, String trickle) throws IOException {
		long start = System.nanoTime();
		socket.setSoTimeout(200);
		byte[] buffer = new byte[1024];
		for (int sent = 0; System.nanoTime() - start < GIVE_UP.toNanos();) {
			try {
				if (socket.getInputStream().read(buffer) < 0) {
					break;
				}
			}
			catch (SocketTimeoutException ex) {
				if (!trickle.isEmpty()) {
					try {
						send(socket, String.valueOf(trickle.charAt(sent++ % trickle.length())));
					}
					catch (IOException closed) {
						break;
					}
				}
			}
			catch (IOException reset) {
				break;
			}
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
