package dev.authbridge.web.socket;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.hasura.HasuraSocketGateway;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.LiveSessions;
import dev.authbridge.session.Session;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.web.ProxyOrigins;
import dev.authbridge.web.RequestIds;
import dev.authbridge.web.Responses;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.util.context.Context;

/**
 * {@code GET /v1/graphql} with {@code Upgrade: websocket}: the same-origin GraphQL
 * proxy's WebSocket, in either subprotocol Hasura speaks, relayed to Hasura as the
 * session cookie's user ({@link SocketRelay}). Refused before the upgrade: a foreign
 * {@code Origin} (403, no cross-site WebSocket hijacking), a subprotocol Hasura does not
 * speak, a handshake that is not WebSocket's (400), one past
 * {@code AUTH_HASURA_PROXY_MAX_SOCKETS} (503). Without a live session cookie the socket
 * goes on signed out, and Hasura's unauthorized role applies, as for a POST.
 */
public final class GraphQlSocketAction {

	/** The requests this action answers. */
	public static final RequestPredicate UPGRADE = RequestPredicates.GET(AuthUrl.GRAPHQL)
		.and(RequestPredicates
			.headers(headers -> "websocket".equalsIgnoreCase(headers.firstHeader(HttpHeaders.UPGRADE))));

	private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

	private static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";

	private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

	private static final Log logger = LogFactory.getLog(GraphQlSocketAction.class);

	private final LiveSessions sessions;

	private final String sessionCookie;

	private final ProxyOrigins origins;

	private final SocketContext context;

	private final int maxSockets;

	/**
	 * @param sessionCookie the session cookie's name
	 * @param timeout {@code AUTH_HASURA_PROXY_TIMEOUT}
	 * @param maxMessage {@code AUTH_HASURA_PROXY_MAX_BODY} in bytes
	 * @param idleTimeout {@code AUTH_IDLE_TIMEOUT}
	 * @param maxSockets {@code AUTH_HASURA_PROXY_MAX_SOCKETS}
	 */
	public GraphQlSocketAction(LiveSessions sessions, String sessionCookie, ProxyOrigins origins,
			HasuraSocketGateway gateway, AccessTokens accessTokens, SessionRevocations revocations, OpenSockets sockets,
			Duration timeout, int maxMessage, Duration idleTimeout, int maxSockets, Clock clock) {
		this.sessions = sessions;
		this.sessionCookie = sessionCookie;
		this.origins = origins;
		this.maxSockets = maxSockets;
		this.context = new SocketContext(gateway, accessTokens, revocations, sockets,
				new SocketPings(sockets, idleTimeout), timeout, maxMessage, clock);
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		return this.origins.refusal(request).switchIfEmpty(Mono.defer(() -> upgrade(request)));
	}

	private Mono<ServerResponse> upgrade(ServerRequest request) {
		ServerRequest.Headers headers = request.headers();
		if (!"13".equals(headers.firstHeader(SEC_WEBSOCKET_VERSION)) || headers.firstHeader(SEC_WEBSOCKET_KEY) == null
				|| !connectionUpgrade(headers)) {
			return Responses.error(HttpStatus.BAD_REQUEST, "invalid_handshake",
					"Not a WebSocket handshake: Connection: Upgrade, Sec-WebSocket-Key and Sec-WebSocket-Version: 13 are required");
		}
		List<String> offered = protocols(headers.header(SEC_WEBSOCKET_PROTOCOL));
		Dialect dialect = Dialect.negotiate(offered);
		if (dialect == null) {
			return Responses.error(HttpStatus.BAD_REQUEST, "unsupported_subprotocol",
					"Sec-WebSocket-Protocol must offer graphql-transport-ws or graphql-ws");
		}
		if (!this.context.sockets().admit(this.maxSockets)) {
			logger.warn("GraphQL proxy WebSocket refused: AUTH_HASURA_PROXY_MAX_SOCKETS (" + this.maxSockets
					+ ") are open");
			return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "5")
				.headers(Responses::noStore)
				.bodyValue(Map.of("error", "too_many_sockets", "message",
						"This instance holds as many GraphQL WebSockets as AUTH_HASURA_PROXY_MAX_SOCKETS allows; "
								+ "try again or another instance"));
		}
		Session session = this.sessions.orSignedOut(AuthCookies.first(request.cookies(), this.sessionCookie));
		SocketRelay relay = new SocketRelay(this.context, dialect, session, RequestIds.of(request.exchange()));
		WebsocketServerSpec spec = WebsocketServerSpec.builder()
			.protocols(offered.isEmpty() ? null : dialect.protocol)
			.maxFramePayloadLength(this.context.maxMessage())
			.build();
		ServerHttpResponse response = request.exchange().getResponse();
		HttpServerResponse reactor = ServerHttpResponseDecorator.getNativeResponse(response);
		// as Spring's own upgrade strategy: the response's pre-commit actions (headers),
		// then the upgrade; the socket then lives on without the exchange. Reactor Netty
		// keeps the subscriber's context for the socket's whole life, and WebFlux's holds
		// the exchange (its observation, the security context): an empty one lets them go
		return response.setComplete()
			.then(Mono.defer(() -> reactor.sendWebsocket(relay::run, spec)).contextWrite(context -> Context.empty()))
			.doOnError(ex -> this.context.sockets().release())
			.then(Mono.empty());
	}

	private static boolean connectionUpgrade(ServerRequest.Headers headers) {
		for (String value : headers.header(HttpHeaders.CONNECTION)) {
			for (String token : value.split(",")) {
				if (token.trim().equalsIgnoreCase("upgrade")) {
					return true;
				}
			}
		}
		return false;
	}

	private static List<String> protocols(List<String> values) {
		List<String> protocols = new ArrayList<>(2);
		for (String value : values) {
			for (String name : value.split(",")) {
				if (!name.isBlank()) {
					protocols.add(name.trim());
				}
			}
		}
		return protocols;
	}

}
