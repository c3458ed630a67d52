package dev.authbridge;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket to 127.0.0.1, one request per connection: for what
 * no HTTP client sends as it is told (unknown methods, raw bytes and control characters
 * in headers, oversized lines and headers, broken {@code Content-Type}s). Characters of
 * the request are sent as ISO-8859-1 bytes, so {@code \u00ff} is the byte 0xff.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends {@code method target} with {@code headers} (full lines such as
	 * {@code "Cookie: a=b"}) and {@code body} ({@code null} for none), and reads the
	 * answer until the server closes the connection.
	 */
	public static Answer send(int port, String method, String target, List<String> headers, String body) {
		return send(InetAddress.getLoopbackAddress(), port, method, target, headers, body);
	}

	/**
	 * {@link #send(int, String, String, List, String)} to the server at {@code address},
	 * so the server sees the connection come from this machine's address on that network
	 * rather than from loopback. A {@code Host} line in {@code headers} replaces the
	 * default {@code Host: localhost:<port>}.
	 */
	public static Answer send(InetAddress address, int port, String method, String target, List<String> headers,
			String body) {
		StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		if (headers.stream().noneMatch(header -> header.regionMatches(true, 0, "Host:", 0, 5))) {
			request.append("Host: localhost:").append(port).append("\r\n");
		}
		headers.forEach(header -> request.append(header).append("\r\n"));
		byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.ISO_8859_1);
		if (body != null) {
			request.append("Content-Length: ").append(content.length).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 5000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			return Answer.parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes {@code request} (head and as much of the body as it holds, as ISO-8859-1
	 * bytes) and closes the connection {@code after} that, without reading: a client that
	 * leaves mid-request.
	 */
	public static void abandon(int port, String request, Duration after) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			Thread.sleep(after.toMillis());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** {@code GET target} with {@code headers}. */
	public static Answer get(int port, String target, String... headers) {
		return send(port, "GET", target, List.of(headers), null);
	}

	/**
	 * Reads one whole answer from a connection kept alive (its body by
	 * {@code Content-Length}) and returns its status line; an {@link EOFException} when
	 * the server closes the connection first.
	 */
	public static String statusLine(InputStream in) throws IOException {
		String head = readHead(in);
		int length = head.lines()
			.filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
			.map(line -> Integer.parseInt(line.substring(15).trim()))
			.findFirst()
			.orElse(0);
		if (in.readNBytes(length).length < length) {
			throw new EOFException("the connection closed within the body");
		}
		return head.lines().findFirst().orElseThrow();
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new EOFException("the connection closed before the answer's head ended");
			}
			head.write(b);
			matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n; (n = in.read(buffer)) >= 0;) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// a reset after the answer was sent (the server drops the rest of an
			// oversized request): keep what came
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		return bytes.toByteArray();
	}

	/**
	 * One answer: {@code status} 0 when the server closed the connection without one.
	 *
	 * @param headers by lower-case name, in order
	 * @param body as UTF-8 text, chunked transfer coding left as it came
	 */
	public record Answer(int status, Map<String, List<String>> headers, String body) {

		static Answer parse(byte[] raw) {
			String text = new String(raw, StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			if (!text.startsWith("HTTP/1.") || end < 0) {
				return new Answer(0, Map.of(), text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers
					.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
							name -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).trim());
			}
			return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
		}

		/** Every value of header {@code name}. */
		public List<String> header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
		}

		/** The first value of header {@code name}, or {@code null}. */
		public String first(String name) {
			List<String> values = header(name);
			return values.isEmpty() ? null : values.get(0);
		}

	}

}
