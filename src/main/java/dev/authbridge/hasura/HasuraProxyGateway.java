package dev.authbridge.hasura;

import io.netty.handler.timeout.ReadTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hasura as the same-origin GraphQL proxy's upstream: one client request's raw GraphQL
 * JSON posted to {@code HASURA_GRAPHQL_ENDPOINT} with the headers the caller chose and,
 * for a signed-in client, {@code Authorization: Bearer}; never the admin secret. Hasura's
 * answer comes back as it is, status and body streamed, whatever the status (Hasura says
 * 200 for GraphQL errors and 4xx for malformed requests: both are the client's to read).
 * Not retried: a query may be a mutation.
 */
public final class HasuraProxyGateway {

	private static final Log logger = LogFactory.getLog(HasuraProxyGateway.class);

	private final WebClient client;

	private final Duration timeout;

	/**
	 * @param timeout the longest wait for Hasura's answer to begin, and for each read of
	 * its body after that
	 */
	public HasuraProxyGateway(WebClient.Builder builder, URI endpoint, Duration timeout) {
		this.client = builder.clone()
			.clientConnector(HasuraGateway.connector(timeout))
			.baseUrl(endpoint.toString())
			.build();
		this.timeout = timeout;
	}

	/**
	 * Posts {@code body} with exactly {@code headers} and, when {@code accessToken} is
	 * not {@code null}, {@code Authorization: Bearer accessToken}.
	 * @return Hasura's answer, or an {@link Unavailable} error when there was none
	 */
	public Mono<Answer> forward(byte[] body, Map<String, String> headers, String accessToken) {
		return this.client.post().headers(out -> {
			headers.forEach(out::set);
			if (accessToken != null) {
				out.setBearerAuth(accessToken);
			}
		})
			.bodyValue(body)
			.retrieve()
			// every status is Hasura's answer to the client, not a failure here
			.onStatus(status -> true, response -> Mono.empty())
			.toEntityFlux(DataBuffer.class)
			.timeout(this.timeout)
			.map(entity -> new Answer(entity.getStatusCode().value(),
					entity.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE), entity.getBody()))
			.onErrorMap(failure -> !(failure instanceof Unavailable), HasuraProxyGateway::unavailable);
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
	 * Hasura's answer.
	 *
	 * @param status its HTTP status
	 * @param contentType its {@code Content-Type}, or {@code null}
	 * @param body its body, streamed
	 */
	public record Answer(int status, String contentType, Flux<DataBuffer> body) {
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
