package dev.authbridge.web.hotpath;

import dev.authbridge.web.ApiErrorHandler;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.RequestIds;
import dev.authbridge.web.ResponseHeaders;
import dev.authbridge.web.actions.CsrfAction;
import dev.authbridge.web.actions.SessionAction;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.util.AsciiString;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
 */
public final class HotPathRoutes implements NettyRouteProvider {

	private static final Log logger = LogFactory.getLog(HotPathRoutes.class);

	static final String SESSION = "/api/auth/session";

	static final String CSRF = "/api/auth/csrf";

	/**
	 * The headers with which a proxy reports the original request, which
	 * {@code AUTH_TRUST_HOST} applies.
	 */
	static final List<AsciiString> FORWARDED = List.of(AsciiString.cached("Forwarded"),
			AsciiString.cached("X-Forwarded-Host"), AsciiString.cached("X-Forwarded-Port"),
			AsciiString.cached("X-Forwarded-Proto"), AsciiString.cached("X-Forwarded-Ssl"),
			AsciiString.cached("X-Forwarded-Prefix"));

	private static final AsciiString REQUEST_ID = AsciiString.cached(RequestIds.HEADER);

	private static final AsciiString JSON = AsciiString.cached("application/json");

	private static final byte[] SERVER_ERROR = ApiErrorHandler.serverError();

	/** Netty's header map, written per answer (CORS). */
	private static final ResponseHeaders.Writer<HttpHeaders> SET = HttpHeaders::set;

	/**
	 * Netty's header map, built once: names and values as bytes (AsciiString), so that
	 * writing them is a copy.
	 */
	private static final ResponseHeaders.Writer<HttpHeaders> CACHED = (headers, name, value) -> headers
		.set(AsciiString.cached(name), AsciiString.cached(value));

	private final SessionAction session;

	private final CsrfAction csrf;

	private final String sessionCookie;

	private final String csrfCookie;

	private final ResponseHeaders headers;

	private final boolean forwardedApplied;

	private final HttpHeaders fixed;

	/**
	 * @param headers the headers WebFlux's answers carry
	 * @param forwardedApplied whether forwarded headers change the request (a
	 * {@code ForwardedHeaderTransformer})
	 */
	public HotPathRoutes(SessionAction session, CsrfAction csrf, String sessionCookie, String csrfCookie,
			ResponseHeaders headers, boolean forwardedApplied) {
		this.session = session;
		this.csrf = csrf;
		this.sessionCookie = sessionCookie;
		this.csrfCookie = csrfCookie;
		this.headers = headers;
		this.forwardedApplied = forwardedApplied;
		// the headers of every answer here (plain http), which never change
		this.fixed = new DefaultHttpHeaders();
		this.fixed.set(HttpHeaderNames.CONTENT_TYPE, JSON);
		ResponseHeaders.noStore(this.fixed, CACHED);
		headers.security(false, this.fixed, CACHED);
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(request -> answers(request, SESSION), this::session)
			.route(request -> answers(request, CSRF), this::csrf);
	}

	/**
	 * A plain-http {@code GET path} (query allowed) that no trusted proxy header turns
	 * into something else.
	 */
	boolean answers(HttpServerRequest request, String path) {
		if (request.method() != HttpMethod.GET) {
			return false;
		}
		String uri = request.uri();
		if (!uri.startsWith(path) || (uri.length() > path.length() && uri.charAt(path.length()) != '?')) {
			return false;
		}
		if (!"http".equals(request.scheme())) {
			return false;
		}
		if (this.forwardedApplied) {
			HttpHeaders headers = request.requestHeaders();
			for (AsciiString name : FORWARDED) {
				if (headers.contains(name)) {
					return false;
				}
			}
		}
		return true;
	}

	private Publisher<Void> session(HttpServerRequest request, HttpServerResponse response) {
		String token = cookie(request, this.sessionCookie);
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
			issued = this.csrf.issue(cookie(request, this.csrfCookie));
		}
		catch (RuntimeException ex) {
			return failed(request, response, ex);
		}
		return send(request, response, HttpResponseStatus.OK, CsrfAction.body(issued), issued.cookie());
	}

	/**
	 * As {@code ApiErrorHandler} answers a failure nobody expected: logged here, a 500
	 * that names nothing.
	 */
	private Publisher<Void> failed(HttpServerRequest request, HttpServerResponse response, RuntimeException ex) {
		String id = RequestIds.idFor(request.requestHeaders().get(REQUEST_ID));
		logger.error("Unhandled failure on GET " + request.fullPath() + " request=" + id, ex);
		return send(request, response, HttpResponseStatus.INTERNAL_SERVER_ERROR, SERVER_ERROR, null);
	}

	private Publisher<Void> send(HttpServerRequest request, HttpServerResponse response, HttpResponseStatus status,
			byte[] body, ResponseCookie cookie) {
		HttpHeaders in = request.requestHeaders();
		HttpHeaders out = response.responseHeaders();
		out.set(REQUEST_ID, RequestIds.idFor(in.get(REQUEST_ID)));
		this.headers.cors(in.get(HttpHeaderNames.ORIGIN), out, SET);
		out.add(this.fixed);
		out.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		if (cookie != null) {
			response.addCookie(nettyCookie(cookie));
		}
		return response.status(status).sendByteArray(Mono.just(body));
	}

	/**
	 * The first value of cookie {@code name}, as WebFlux's request reads it
	 * ({@code allCookies}, first wins).
	 */
	private static String cookie(HttpServerRequest request, String name) {
		List<Cookie> values = request.allCookies().get(name);
		return values == null || values.isEmpty() ? null : values.get(0).value();
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
