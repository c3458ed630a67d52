package dev.authbridge.journeys;

import static dev.authbridge.RawHttp.statusLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;

/**
 * A browser reuses its connection at once: the request after a callback (whose answer
 * waits for the provider on another thread) arrives before the callback's exchange has
 * ended, in the same packet when the client pipelines. Reactor Netty up to 1.3.7 then
 * stopped reading the connection (reactor/reactor-netty#4361): the next request was never
 * answered. Played over one socket, as a browser would.
 */
@FlowTest
class KeepAliveTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void requestsQueuedBehindACallbackOnOneConnectionAreAllAnswered(Browser browser) throws IOException {
		Browser.Page toProvider = browser.startSignIn("github", "/");
		URI callback = browser.visit(toProvider.location()).location();
		Upstreams.github().tokenEndpointDelays(Duration.ofMillis(50));
		String cookies = browser.cookies()
			.entrySet()
			.stream()
			.map(cookie -> cookie.getKey() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));

		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write((request(callback.getRawPath() + "?" + callback.getRawQuery(), cookies)
					+ request("/api/auth/csrf", cookies))
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			assertThat(statusLine(in)).as("the callback").contains(" 302 ");
			assertThat(statusLine(in)).as("the request queued behind it").contains(" 200 ");

			out.write(request("/api/auth/providers", "").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			assertThat(statusLine(in)).as("the next request on the same connection, answered within 5 s")
				.contains(" " + HttpStatus.OK.value() + " ");
		}
	}

	private String request(String target, String cookies) {
		return "GET " + target + " HTTP/1.1\r\nHost: localhost:" + this.port + "\r\n"
				+ (cookies.isEmpty() ? "" : "Cookie: " + cookies + "\r\n") + "\r\n";
	}

}
