package dev.authbridge.hasura;

import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.user.SignInFailure;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.HttpGraphQlClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * The bridge's only GraphQL client: Hasura at {@code HASURA_GRAPHQL_ENDPOINT}. Every call
 * has the configured timeout and is retried only when the connection could not be made,
 * never once Hasura has answered. Hasura answers errors with HTTP 200 and an
 * {@code errors} array, so an answer with {@code errors} is a failure; only their
 * {@code extensions.code} is logged, never the variables or the admin secret.
 */
public final class HasuraGateway {

	private static final Log logger = LogFactory.getLog(HasuraGateway.class);

	private static final String ADMIN_SECRET_HEADER = "x-hasura-admin-secret";

	private static final String PROBE = "query { __typename }";

	private static final int CONNECT_RETRIES = 2;

	private final HttpGraphQlClient client;

	/** {@link #client} with the admin secret, built once for every upsert. */
	private final HttpGraphQlClient admin;

	private final String upsertDocument;

	private final Duration timeout;

	public HasuraGateway(WebClient.Builder builder, HasuraConnection connection) {
		this.client = HttpGraphQlClient.builder(builder.clone().clientConnector(connector(connection.timeout())))
			.url(connection.endpoint())
			.build();
		this.admin = this.client.mutate().header(ADMIN_SECRET_HEADER, connection.adminSecret()).build();
		this.upsertDocument = connection.upsertDocument();
		this.timeout = connection.timeout();
	}

	/**
	 * Runs the upsert document with {@code $user} as the admin.
	 * @return the object the document's one root field answered, e.g.
	 * {@code insert_users_one}'s {@code {id}}
	 */
	public Mono<Map<String, Object>> upsertUser(Map<String, Object> user) {
		return send(this.admin.document(this.upsertDocument).variable("user", user)).onErrorMap(ex -> {
			logger.warn("Hasura upsert failed: " + describe(ex));
			return new SignInFailure(answered(ex) ? Reason.HASURA_REJECTED : Reason.HASURA_UNAVAILABLE);
		}).flatMap(response -> {
			if (!response.getErrors().isEmpty()) {
				logger.warn("Hasura refused the upsert: " + codes(response.getErrors()));
				return Mono.error(new SignInFailure(Reason.HASURA_REJECTED));
			}
			Map<String, Object> data = response.getData();
			Object object = data == null ? null
					: data.values().stream().filter(Objects::nonNull).findFirst().orElse(null);
			if (!(object instanceof Map<?, ?> answer)) {
				logger.warn("Hasura's upsert answer has no object (a permission or on_conflict check blocked it?)");
				return Mono.error(new SignInFailure(Reason.HASURA_REJECTED));
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> typed = (Map<String, Object>) answer;
			return Mono.just(typed);
		});
	}

	/**
	 * Sends {@code query { __typename }} with {@code Authorization: Bearer token}: does
	 * Hasura accept it?
	 */
	public Mono<Probe> probe(String token) {
		HttpGraphQlClient bearer = this.client.mutate().header(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
		return send(bearer.document(PROBE))
			.map(response -> response.getErrors().isEmpty() ? Probe.ACCEPTED
					: new Probe(false, codes(response.getErrors()), response.getErrors().get(0).getMessage()))
			.onErrorResume(ex -> Mono.just(new Probe(false, null, describe(ex))));
	}

	/**
	 * An HTTP connector to Hasura that gives up connecting after {@code timeout} (at most
	 * 10 s) and waiting for an answer, or for each read of it, after {@code timeout}.
	 */
	static ReactorClientHttpConnector connector(Duration timeout) {
		return new ReactorClientHttpConnector(HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 10_000))
			.responseTimeout(timeout));
	}

	private Mono<ClientGraphQlResponse> send(HttpGraphQlClient.RequestSpec request) {
		return request.execute()
			.timeout(this.timeout)
			.retryWhen(Retry.backoff(CONNECT_RETRIES, Duration.ofMillis(100))
				.filter(HasuraGateway::notConnected)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	/** The request never reached Hasura: safe to send again. */
	private static boolean notConnected(Throwable failure) {
		return cause(failure, ConnectException.class) != null || cause(failure, UnknownHostException.class) != null;
	}

	/** Hasura answered with a 4xx status: it understood the request and refused it. */
	private static boolean answered(Throwable failure) {
		WebClientResponseException response = cause(failure, WebClientResponseException.class);
		return response != null && response.getStatusCode().is4xxClientError();
	}

	private static String describe(Throwable failure) {
		if (cause(failure, TimeoutException.class) != null || cause(failure, ReadTimeoutException.class) != null) {
			return "no answer within the timeout";
		}
		WebClientResponseException response = cause(failure, WebClientResponseException.class);
		if (response != null) {
			return "HTTP " + response.getStatusCode().value();
		}
		return notConnected(failure) ? "cannot connect to HASURA_GRAPHQL_ENDPOINT" : failure.getClass().getSimpleName();
	}

	private static String codes(List<ResponseError> errors) {
		return errors.stream()
			.map(error -> String.valueOf(error.getExtensions().get("code")))
			.distinct()
			.collect(Collectors.joining(", "));
	}

	private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * Hasura's answer to a request with a bearer token.
	 *
	 * @param accepted whether Hasura ran the query
	 * @param codes the {@code extensions.code}s of its errors, or {@code null} when it
	 * did not answer
	 * @param detail Hasura's first error message, or why there was no answer
	 */
	public record Probe(boolean accepted, String codes, String detail) {

		static final Probe ACCEPTED = new Probe(true, null, null);

	}

}
