package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.hasura.HasuraProxyGateway;
import dev.authbridge.session.KeysUnavailableException;
import dev.authbridge.web.Responses;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/graphql} through WebFlux, under {@link GraphQlProxyRules}: for the
 * requests the server's own route ({@code GraphQlProxyRoute}) leaves to it, the refused
 * ones, those over https or through a proxy whose forwarded headers the operator trusts,
 * bodies of unknown length, and every request when {@code AUTHBRIDGE_HOT_PATH=false}.
 * Unlike that route it reads the request, and Hasura's answer, whole before passing them
 * on: it is not the path of the many.
 */
public final class GraphQlProxyAction {

	private final GraphQlProxyRules rules;

	public GraphQlProxyAction(GraphQlProxyRules rules) {
		this.rules = rules;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		return this.rules.origins().refusal(request).switchIfEmpty(Mono.defer(() -> forward(request)));
	}

	private Mono<ServerResponse> forward(ServerRequest request) {
		ServerRequest.Headers headers = request.headers();
		if (!GraphQlProxyRules.json(headers.firstHeader(HttpHeaders.CONTENT_TYPE))) {
			return Responses.error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
					"GraphQL requests must be sent as Content-Type: application/json");
		}
		if (this.rules.tooLarge(headers.contentLength().orElse(0))) {
			return tooLarge();
		}
		String accessToken;
		try {
			accessToken = this.rules.accessToken(AuthCookies.first(request.cookies(), this.rules.sessionCookie()));
		}
		catch (KeysUnavailableException ex) {
			return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
				.headers(Responses::noStore)
				.header(HttpHeaders.RETRY_AFTER, SessionAction.RETRY_AFTER)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(GraphQlProxyRules.KEYS_UNAVAILABLE);
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), this.rules.maxBody()).map(buffer -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.defaultIfEmpty(new byte[0])
			.flatMap(body -> this.rules.hasura()
				.forward(Mono.just(Unpooled.wrappedBuffer(body)), body.length,
						out -> GraphQlProxyRules.forwarded(headers::firstHeader, out::set), accessToken,
						(status, answer, content) -> content.aggregate()
							.asByteArray()
							.defaultIfEmpty(new byte[0])
							.flatMap(bytes -> answer(status, answer.get(HttpHeaderNames.CONTENT_TYPE), bytes)))
				.singleOrEmpty())
			.onErrorResume(DataBufferLimitException.class, ex -> tooLarge())
			.onErrorResume(HasuraProxyGateway.Unavailable.class,
					failure -> ServerResponse.status(GraphQlProxyRules.status(failure))
						.contentType(MediaType.APPLICATION_JSON)
						.headers(Responses::noStore)
						.bodyValue(GraphQlProxyRules.body(failure)));
	}

	private static Mono<ServerResponse> answer(int status, String contentType, byte[] body) {
		ServerResponse.BodyBuilder response = ServerResponse.status(status).headers(Responses::noStore);
		if (contentType != null) {
			response.header(HttpHeaders.CONTENT_TYPE, contentType);
		}
		return response.bodyValue(body);
	}

	private static Mono<ServerResponse> tooLarge() {
		return Responses.error(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
				"The GraphQL request is larger than AUTH_HASURA_PROXY_MAX_BODY");
	}

}
