package dev.authbridge.web.hotpath;

import dev.authbridge.hasura.HasuraProxyGateway;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.session.KeysUnavailableException;
import dev.authbridge.web.actions.GraphQlProxyRules;
import dev.authbridge.web.actions.SessionAction;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /v1/graphql} answered by the server itself, ahead of WebFlux, under the
 * proxy's {@link GraphQlProxyRules}: the request's body goes to Hasura as it arrives, and
 * Hasura's answer to the client as it arrives, in Netty's buffers, never whole in memory.
 * Through WebFlux and WebClient, the framework's work per request was several times the
 * forward's (JFR profile in {@code bench/RESULTS.md}).
 *
 * <p>
 * It takes only requests that the rules let through and whose answer depends on nothing
 * WebFlux knows better: plain http without trusted forwarded headers ({@link PlainHttp}),
 * an allowed or no {@code Origin} (with {@code AUTH_TRUST_HOST}, no {@code Origin}, as
 * the request's own origin comes from its host), JSON, and a {@code Content-Length}
 * within {@code AUTH_HASURA_PROXY_MAX_BODY}, so that no byte is forwarded of a body that
 * turns out too large. Everything else, refusals included, goes on to WebFlux's
 * {@code GraphQlProxyAction}, which answers it under the same rules.
 *
 * <p>
 * A client that goes away mid-request is no failure: the forward is cancelled, its
 * connection to Hasura closed (and so released from the pool), and nothing is logged
 * above DEBUG.
 */
final class GraphQlProxyRoute {

	private static final Log logger = LogFactory.getLog(GraphQlProxyRoute.class);

	private final GraphQlProxyRules rules;

	private final PlainHttp plain;

	GraphQlProxyRoute(GraphQlProxyRules rules, PlainHttp plain) {
		this.rules = rules;
		this.plain = plain;
	}

	boolean answers(HttpServerRequest request) {
		if (!this.plain.answers(request, HttpMethod.POST, AuthUrl.GRAPHQL)) {
			return false;
		}
		HttpHeaders headers = request.requestHeaders();
		String origin = headers.get(HttpHeaderNames.ORIGIN);
		if (origin != null && (this.plain.forwardedApplied() || !this.rules.origins().allowsUnderAuthUrl(origin))) {
			return false;
		}
		long length = contentLength(headers);
		return GraphQlProxyRules.json(headers.get(HttpHeaderNames.CONTENT_TYPE)) && length >= 0
				&& !this.rules.tooLarge(length);
	}

	Publisher<Void> forward(HttpServerRequest request, HttpServerResponse response) {
		String accessToken;
		try {
			accessToken = this.rules.accessToken(PlainHttp.cookie(request, this.rules.sessionCookie()));
		}
		catch (KeysUnavailableException ex) {
			response.header(HttpHeaderNames.RETRY_AFTER, SessionAction.RETRY_AFTER);
			return this.plain.send(request, response, HttpResponseStatus.SERVICE_UNAVAILABLE, PlainHttp.JSON,
					GraphQlProxyRules.KEYS_UNAVAILABLE);
		}
		catch (RuntimeException ex) {
			return this.plain.failed(request, response, ex);
		}
		HttpHeaders in = request.requestHeaders();
		AtomicBoolean answering = new AtomicBoolean();
		return this.rules.hasura()
			// a body cut short (the client gone) just ends: its Content-Length, sent on,
			// keeps Hasura waiting for the rest, and the client's going cancels the
			// forward
			.forward(request.receive().retain().onErrorComplete(), contentLength(in),
					out -> GraphQlProxyRules.forwarded(in::get, out::set), accessToken, (status, answer, body) -> {
						answering.set(true);
						this.plain.head(request, response, answer.get(HttpHeaderNames.CONTENT_TYPE));
						String length = answer.get(HttpHeaderNames.CONTENT_LENGTH);
						if (length != null) {
							response.responseHeaders().set(HttpHeaderNames.CONTENT_LENGTH, length);
						}
						return response.status(status).send(body.retain());
					})
			.then()
			.onErrorResume(failure -> failed(request, response, failure, answering.get()));
	}

	/**
	 * Hasura's failure as a 502 or 504 while the client waits for an answer; else, once
	 * the answer has begun or the client has gone, the end of the connection.
	 */
	private Mono<Void> failed(HttpServerRequest request, HttpServerResponse response, Throwable failure,
			boolean answering) {
		if (answering || !open(response)) {
			logger.debug("Proxied GraphQL request broken off: " + failure);
			response.withConnection(Connection::dispose);
			return Mono.empty();
		}
		if (failure instanceof HasuraProxyGateway.Unavailable unavailable) {
			return Mono.from(this.plain.send(request, response,
					HttpResponseStatus.valueOf(GraphQlProxyRules.status(unavailable).value()), PlainHttp.JSON,
					GraphQlProxyRules.body(unavailable)));
		}
		return Mono.from(this.plain.failed(request, response,
				failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure)));
	}

	private static boolean open(HttpServerResponse response) {
		AtomicBoolean open = new AtomicBoolean();
		response.withConnection(connection -> open.set(connection.channel().isActive()));
		return open.get();
	}

	/**
	 * The request's {@code Content-Length}, or -1 when it has none or a malformed one.
	 */
	private static long contentLength(HttpHeaders headers) {
		String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		if (value == null || headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return -1;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
