package dev.authbridge.hasura;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/**
 * Hasura as the same-origin GraphQL proxy's upstream: one client request's raw GraphQL
 * JSON posted to {@code HASURA_GRAPHQL_ENDPOINT} with the headers the caller chose and,
 * for a signed-in client, {@code Authorization: Bearer}; never the admin secret. Hasura's
 * answer comes back as it is, status and body streamed, whatever the status (Hasura says
 * 200 for GraphQL errors and 4xx for malformed requests: both are the client's to read).
 * Not retried: a query may be a mutation.
 *
 * <p>
 * Reactor Netty's own client rather than WebClient: per request WebClient builds a
 * request spec, an exchange, Spring header maps and a body flux of DataBuffers, which
 * cost more than the forward itself (JFR profile in {@code bench/RESULTS.md}). Bodies go
 * through as Netty buffers, never copied into arrays. The connections are kept alive in a
 * pool of their own, so a burst of proxied requests neither waits on, nor starves, the
 * bridge's other outbound calls.
 */
public final class HasuraProxyGateway implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(HasuraProxyGateway.class);

	/**
	 * Most connections held open to Hasura at once: one per request in flight, since
	 * HTTP/1.1 carries one at a time; a request beyond them waits for a free one, up to
	 * the timeout.
	 */
	static final int MAX_CONNECTIONS = 1000;

	/**
	 * How long an idle connection is kept: below the keep-alive timeouts of the servers
	 * in front of Hasura (Node's and many proxies' 5 s), so the bridge never sends on a
	 * connection the other end is closing.
	 */
	static final Duration MAX_IDLE = Duration.ofSeconds(4);

	private final ConnectionProvider pool;

	/** The pool's counts, once it has opened its first connection. */
	private volatile ConnectionPoolMetrics connections;

	private final HttpClient client;

	private final String endpoint;

	/**
	 * @param timeout the longest wait for a connection, for Hasura's answer to begin, and
	 * for each read of its body after that
	 */
	public HasuraProxyGateway(URI endpoint, Duration timeout) {
		this.pool = ConnectionProvider.builder("hasura-proxy")
			.maxConnections(MAX_CONNECTIONS)
			.pendingAcquireTimeout(timeout)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(MAX_IDLE)
			.evictInBackground(MAX_IDLE)
			.metrics(true, () -> (name, id, address, metrics) -> this.connections = metrics)
			.build();
		this.client = HttpClient.create(this.pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 10_000))
			.responseTimeout(timeout);
		this.endpoint = endpoint.toString();
	}

	/**
	 * Posts {@code body}, of {@code contentLength} bytes (negative: unknown, sent
	 * chunked), with the headers {@code headers} writes and, when {@code accessToken} is
	 * not {@code null}, {@code Authorization: Bearer accessToken}; then hands Hasura's
	 * answer to {@code answer}, whose publisher must consume the body (or cancel).
	 * @return what {@code answer} publishes, or an {@link Unavailable} error when Hasura
	 * did not answer (errors after the answer began come as they are)
	 */
	public <T> Flux<T> forward(Publisher<ByteBuf> body, long contentLength, Consumer<HttpHeaders> headers,
			String accessToken, Answer<T> answer) {
		AtomicBoolean answered = new AtomicBoolean();
		return this.client.post().uri(this.endpoint).send((request, out) -> {
			HttpHeaders sent = request.requestHeaders();
			headers.accept(sent);
			if (accessToken != null) {
				sent.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + accessToken);
			}
			if (contentLength >= 0) {
				sent.setInt(HttpHeaderNames.CONTENT_LENGTH, (int) contentLength);
			}
			return out.send(body);
		}).response((response, content) -> {
			answered.set(true);
			return answer.apply(response.status().code(), response.responseHeaders(), content);
		}).onErrorMap(failure -> !answered.get() && !(failure instanceof Unavailable), HasuraProxyGateway::unavailable);
	}

	private static Unavailable unavailable(Throwable failure) {
		boolean timedOut = cause(failure, TimeoutException.class) || cause(failure, ReadTimeoutException.class);
		logger.warn("Hasura did not answer a proxied GraphQL request: "
				+ (timedOut ? "no answer within AUTH_HASURA_PROXY_TIMEOUT" : failure.toString()));
		return new Unavailable(timedOut);
	}

	private static boolean cause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The connections to Hasura taken by requests in flight: back to 0 once they are all
	 * over, whether they were answered, failed or abandoned by their client.
	 */
	public int connectionsInUse() {
		ConnectionPoolMetrics metrics = this.connections;
		return metrics == null ? 0 : metrics.acquiredSize();
	}

	/** The pool's connections, closed with the context. */
	@Override
	public void close() {
		this.pool.dispose();
	}

	/** What becomes of Hasura's answer. */
	@FunctionalInterface
	public interface Answer<T> {

		/**
		 * @param status Hasura's HTTP status
		 * @param headers its headers
		 * @param body its body, to be consumed (each buffer is released after its
		 * {@code onNext}: retain what outlives it)
		 */
		Publisher<T> apply(int status, HttpHeaders headers, ByteBufFlux body);

	}

	/** No answer from Hasura: it could not be reached, or did not answer in time. */
	public static final class Unavailable extends RuntimeException {

		private final boolean timedOut;

		Unavailable(boolean timedOut) {
			super(timedOut ? "Hasura did not answer in time" : "Hasura could not be reached", null, false, false);
			this.timedOut = timedOut;
		}

		/** Whether Hasura was reached but did not answer within the timeout. */
		public boolean timedOut() {
			return this.timedOut;
		}

	}

}
