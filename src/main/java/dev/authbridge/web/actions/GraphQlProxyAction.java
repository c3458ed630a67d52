package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.hasura.HasuraProxyGateway;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.KeysUnavailableException;
import dev.authbridge.session.LiveSessions;
import dev.authbridge.session.Session;
import dev.authbridge.web.ProxyOrigins;
import dev.authbridge.web.RequestIds;
import dev.authbridge.web.Responses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/graphql}, the same-origin GraphQL proxy ({@code AUTH_HASURA_PROXY}):
 * the SPA posts GraphQL to the bridge with its HttpOnly session cookie, and the bridge
 * posts it on to Hasura as that cookie's user, with a fresh access token as
 * {@code Authorization: Bearer}, so no token ever reaches JavaScript. A request without a
 * valid session (none, forged, expired, signed out everywhere) goes on without one, and
 * Hasura's unauthorized role applies.
 *
 * <p>
 * Hasura gets only what GraphQL needs ({@link #FORWARDED}): never the client's cookies,
 * its own {@code Authorization} (the identity is the cookie's alone), an admin secret or
 * any {@code x-hasura-*} session variable but {@code x-hasura-role}, which only chooses
 * among the token's allowed roles. As the cookie is sent by the browser on any site's
 * request, cross-site requests are refused before anything is read (OWASP CSRF cheat
 * sheet, "Verifying Origin With Standard Headers"): a foreign {@code Origin}
 * ({@link ProxyOrigins}), and any body but {@code application/json}, which no HTML form
 * can send without a CORS preflight.
 */
public final class GraphQlProxyAction {

	/** The client headers Hasura gets, lower-case. */
	static final List<String> FORWARDED = List.of("content-type", "accept", "x-hasura-role",
			RequestIds.HEADER.toLowerCase(Locale.ROOT));

	private final LiveSessions sessions;

	private final AccessTokens accessTokens;

	private final String sessionCookie;

	private final ProxyOrigins origins;

	private final HasuraProxyGateway hasura;

	private final int maxBody;

	/**
	 * @param sessionCookie the session cookie's name
	 * @param origins the origins whose pages may post
	 * @param maxBody the largest request body taken, in bytes
	 */
	public GraphQlProxyAction(LiveSessions sessions, AccessTokens accessTokens, String sessionCookie,
			ProxyOrigins origins, HasuraProxyGateway hasura, int maxBody) {
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.sessionCookie = sessionCookie;
		this.origins = origins;
		this.hasura = hasura;
		this.maxBody = maxBody;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		return this.origins.refusal(request).switchIfEmpty(Mono.defer(() -> forward(request)));
	}

	private Mono<ServerResponse> forward(ServerRequest request) {
		if (!json(request.headers())) {
			return Responses.error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
					"GraphQL requests must be sent as Content-Type: application/json");
		}
		if (request.headers().contentLength().orElse(0) > this.maxBody) {
			return tooLarge();
		}
		Map<String, String> headers = forwarded(request.headers().asHttpHeaders());
		String accessToken;
		try {
			accessToken = accessToken(request);
		}
		catch (KeysUnavailableException ex) {
			// rotating keys not loaded yet: forwarding as signed out would show the user
			// an empty schema
			return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
				.headers(Responses::noStore)
				.header(HttpHeaders.RETRY_AFTER, SessionAction.RETRY_AFTER)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("errors",
						List.of(Map.of("message", ex.getMessage(), "extensions", Map.of("code", "keys_unavailable")))));
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), this.maxBody).map(buffer -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.defaultIfEmpty(new byte[0])
			.flatMap(body -> this.hasura.forward(body, headers, accessToken))
			.flatMap(GraphQlProxyAction::answer)
			.onErrorResume(DataBufferLimitException.class, ex -> tooLarge())
			.onErrorResume(HasuraProxyGateway.Unavailable.class, GraphQlProxyAction::unavailable);
	}

	/** {@code application/json}, with or without parameters such as {@code charset}. */
	private static boolean json(ServerRequest.Headers headers) {
		try {
			return headers.contentType()
				.map(type -> MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type))
				.orElse(false);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static Map<String, String> forwarded(HttpHeaders client) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : FORWARDED) {
			String value = client.getFirst(name);
			if (value != null) {
				headers.put(name, value);
			}
		}
		return headers;
	}

	/**
	 * A fresh access token for the session cookie's user, as {@code /api/auth/session}
	 * mints it; {@code null} without a live session.
	 */
	private String accessToken(ServerRequest request) {
		Session session = this.sessions.orSignedOut(AuthCookies.first(request.cookies(), this.sessionCookie));
		return session == null ? null
				: this.accessTokens.issue(session.user(), session.expiresAt(), session.epoch()).token();
	}

	private static Mono<ServerResponse> answer(HasuraProxyGateway.Answer answer) {
		ServerResponse.BodyBuilder response = ServerResponse.status(answer.status()).headers(Responses::noStore);
		if (answer.contentType() != null) {
			response.header(HttpHeaders.CONTENT_TYPE, answer.contentType());
		}
		return response.body(BodyInserters.fromDataBuffers(answer.body()));
	}

	private static Mono<ServerResponse> tooLarge() {
		return Responses.error(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
				"The GraphQL request is larger than AUTH_HASURA_PROXY_MAX_BODY");
	}

	/**
	 * 502 or 504 in GraphQL's error shape, so a GraphQL client shows it as it shows
	 * Hasura's own errors.
	 */
	private static Mono<ServerResponse> unavailable(HasuraProxyGateway.Unavailable failure) {
		return ServerResponse.status(failure.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(Responses::noStore)
			.bodyValue(Map.of("errors", List
				.of(Map.of("message", failure.getMessage(), "extensions", Map.of("code", "hasura_unavailable")))));
	}

}
