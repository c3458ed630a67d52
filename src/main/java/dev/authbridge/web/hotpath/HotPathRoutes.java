package dev.authbridge.web.hotpath;

import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.RequestIds;
import dev.authbridge.web.ResponseHeaders;
import dev.authbridge.web.actions.CsrfAction;
import dev.authbridge.web.actions.GraphQlProxyRules;
import dev.authbridge.web.actions.SessionAction;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.ResponseCookie;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code GET /api/auth/session} and {@code GET /api/auth/csrf} answered by the server
 * itself (Reactor Netty), ahead of WebFlux: SPAs poll these two, and under load the
 * framework around them (exchange, observation, the filter chain, Spring Security's
 * chain, the dispatcher, the body encoders) cost four times the work of the answer (JFR
 * profile in {@code bench/RESULTS.md}). The answer itself is the actions' own
 * ({@link SessionAction#answer}, {@link CsrfAction#issue}), and it carries what the
 * framework would add, from the same {@link ResponseHeaders}: the security headers of
 * every answer, no-store and CORS for an allowed origin; and the request id
 * ({@link RequestIds}). {@code HotPathEqualityTests} holds the answers equal to the
 * framework's in each kind of deployment.
 *
 * <p>
 * Anything else goes on to WebFlux unchanged: other methods and paths, and every request
 * whose scheme is not plain http (TLS, or forwarded headers the operator trusts): WebFlux
 * applies those forwarded headers, and over https the answer carries
 * {@code Strict-Transport-Security} too. These two routes are not timed by the
 * {@code http.server.requests} observation; {@code authbridge_session_requests_total}
 * still counts every {@code /session} answer.
 *
 * <p>
 * With the GraphQL proxy on, a third route forwards most {@code POST /v1/graphql}
 * requests ({@link GraphQlProxyRoute}), under the same conditions and headers.
 */
public final class HotPathRoutes implements NettyRouteProvider {

	static final String SESSION = "/api/auth/session";

	static final String CSRF = "/api/auth/csrf";

	private final SessionAction session;

	private final CsrfAction csrf;

	private final String sessionCookie;

	private final String csrfCookie;

	private final PlainHttp plain;

	private final GraphQlProxyRoute proxy;

	/**
	 * @param headers the headers WebFlux's answers carry
	 * @param forwardedApplied whether forwarded headers change the request (a
	 * {@code ForwardedHeaderTransformer})
	 * @param proxy the rules of {@code POST /v1/graphql} when the GraphQL proxy is on,
	 * else {@code null}
	 */
	public HotPathRoutes(SessionAction session, CsrfAction csrf, String sessionCookie, String csrfCookie,
			ResponseHeaders headers, boolean forwardedApplied, GraphQlProxyRules proxy) {
		this.session = session;
		this.csrf = csrf;
		this.sessionCookie = sessionCookie;
		this.csrfCookie = csrfCookie;
		this.plain = new PlainHttp(headers, forwardedApplied);
		this.proxy = proxy == null ? null : new GraphQlProxyRoute(proxy, this.plain);
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		HttpServerRoutes answered = routes.route(request -> answers(request, SESSION), this::session)
			.route(request -> answers(request, CSRF), this::csrf);
		return this.proxy == null ? answered : answered.route(this.proxy::answers, this.proxy::forward);
	}

	/**
	 * A plain-http {@code GET path} (query allowed) that no trusted proxy header turns
	 * into something else.
	 */
	boolean answers(HttpServerRequest request, String path) {
		return this.plain.answers(request, HttpMethod.GET, path);
	}

	private Publisher<Void> session(HttpServerRequest request, HttpServerResponse response) {
		String token = PlainHttp.cookie(request, this.sessionCookie);
		if (!this.session.ready()) {
			return this.session.answerWhenReady(token)
				.flatMap(answer -> Mono.from(send(request, response, answer)))
				.onErrorResume(RuntimeException.class, ex -> Mono.from(failed(request, response, ex)));
		}
		SessionAction.Answer answer;
		try {
			answer = this.session.answer(token);
		}
		catch (RuntimeException ex) {
			return failed(request, response, ex);
		}
		return send(request, response, answer);
	}

	private Publisher<Void> send(HttpServerRequest request, HttpServerResponse response, SessionAction.Answer answer) {
		if (answer.retryLater()) {
			response.header(HttpHeaderNames.RETRY_AFTER, SessionAction.RETRY_AFTER);
		}
		return send(request, response, HttpResponseStatus.valueOf(answer.status()), answer.body(), answer.cookie());
	}

	private Publisher<Void> csrf(HttpServerRequest request, HttpServerResponse response) {
		CsrfCookie.Issued issued;
		try {
			issued = this.csrf.issue(PlainHttp.cookie(request, this.csrfCookie));
		}
		catch (RuntimeException ex) {
			return failed(request, response, ex);
		}
		return send(request, response, HttpResponseStatus.OK, CsrfAction.body(issued), issued.cookie());
	}

	private Publisher<Void> failed(HttpServerRequest request, HttpServerResponse response, RuntimeException ex) {
		return this.plain.failed(request, response, ex);
	}

	private Publisher<Void> send(HttpServerRequest request, HttpServerResponse response, HttpResponseStatus status,
			byte[] body, ResponseCookie cookie) {
		if (cookie != null) {
			response.addCookie(nettyCookie(cookie));
		}
		return this.plain.send(request, response, status, PlainHttp.JSON, body);
	}

	/** As Spring's {@code ReactorServerHttpResponse} writes a {@link ResponseCookie}. */
	static Cookie nettyCookie(ResponseCookie source) {
		DefaultCookie cookie = new DefaultCookie(source.getName(), source.getValue());
		if (!source.getMaxAge().isNegative()) {
			cookie.setMaxAge(source.getMaxAge().getSeconds());
		}
		if (source.getDomain() != null) {
			cookie.setDomain(source.getDomain());
		}
		if (source.getPath() != null) {
			cookie.setPath(source.getPath());
		}
		cookie.setSecure(source.isSecure());
		cookie.setHttpOnly(source.isHttpOnly());
		cookie.setPartitioned(source.isPartitioned());
		if (source.getSameSite() != null) {
			cookie.setSameSite(SameSite.valueOf(source.getSameSite()));
		}
		return cookie;
	}

}
