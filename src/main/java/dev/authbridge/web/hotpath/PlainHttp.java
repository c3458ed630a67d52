package dev.authbridge.web.hotpath;

import dev.authbridge.web.ApiErrorHandler;
import dev.authbridge.web.RequestIds;
import dev.authbridge.web.ResponseHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.util.AsciiString;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What every route ahead of WebFlux shares: which requests it may take (plain http, that
 * no forwarded header the operator trusts turns into something else), and the headers
 * WebFlux would add to its answer, from the same {@link ResponseHeaders}: the security
 * headers of every answer, no-store, CORS for an allowed origin, and the request id
 * ({@link RequestIds}).
 */
final class PlainHttp {

	/**
	 * The headers with which a proxy reports the original request, which
	 * {@code AUTH_TRUST_HOST} applies.
	 */
	static final List<AsciiString> FORWARDED = List.of(AsciiString.cached("Forwarded"),
			AsciiString.cached("X-Forwarded-Host"), AsciiString.cached("X-Forwarded-Port"),
			AsciiString.cached("X-Forwarded-Proto"), AsciiString.cached("X-Forwarded-Ssl"),
			AsciiString.cached("X-Forwarded-Prefix"));

	static final AsciiString REQUEST_ID = AsciiString.cached(RequestIds.HEADER);

	static final AsciiString JSON = AsciiString.cached("application/json");

	private static final byte[] SERVER_ERROR = ApiErrorHandler.serverError();

	private static final Log logger = LogFactory.getLog(PlainHttp.class);

	/** Netty's header map, written per answer (CORS). */
	private static final ResponseHeaders.Writer<HttpHeaders> SET = HttpHeaders::set;

	/**
	 * Netty's header map, built once: names and values as bytes (AsciiString), so that
	 * writing them is a copy.
	 */
	private static final ResponseHeaders.Writer<HttpHeaders> CACHED = (headers, name, value) -> headers
		.set(AsciiString.cached(name), AsciiString.cached(value));

	private final ResponseHeaders headers;

	private final boolean forwardedApplied;

	private final HttpHeaders fixed;

	/**
	 * @param headers the headers WebFlux's answers carry
	 * @param forwardedApplied whether forwarded headers change the request (a
	 * {@code ForwardedHeaderTransformer})
	 */
	PlainHttp(ResponseHeaders headers, boolean forwardedApplied) {
		this.headers = headers;
		this.forwardedApplied = forwardedApplied;
		// the headers of every answer here (plain http), which never change
		this.fixed = new DefaultHttpHeaders();
		ResponseHeaders.noStore(this.fixed, CACHED);
		headers.security(false, this.fixed, CACHED);
	}

	/**
	 * A plain-http {@code method path} (query allowed) that no trusted proxy header turns
	 * into something else.
	 */
	boolean answers(HttpServerRequest request, HttpMethod method, String path) {
		if (request.method() != method) {
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

	/**
	 * Whether the request may name its own origin ({@code AUTH_TRUST_HOST}), so that
	 * {@code AUTH_URL}'s may not be the one it is answered under.
	 */
	boolean forwardedApplied() {
		return this.forwardedApplied;
	}

	/**
	 * The headers of an answer to {@code request} but its length: the request id, CORS,
	 * {@code contentType} (none: {@code null}), no-store and the security headers.
	 */
	void head(HttpServerRequest request, HttpServerResponse response, CharSequence contentType) {
		HttpHeaders in = request.requestHeaders();
		HttpHeaders out = response.responseHeaders();
		out.set(REQUEST_ID, RequestIds.idFor(in.get(REQUEST_ID)));
		this.headers.cors(in.get(HttpHeaderNames.ORIGIN), out, SET);
		if (contentType != null) {
			out.set(HttpHeaderNames.CONTENT_TYPE, contentType);
		}
		out.add(this.fixed);
	}

	/**
	 * The answer {@code status} with {@code body} of type {@code contentType}, and the
	 * headers of {@link #head}.
	 */
	Publisher<Void> send(HttpServerRequest request, HttpServerResponse response, HttpResponseStatus status,
			CharSequence contentType, byte[] body) {
		head(request, response, contentType);
		response.responseHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		return response.status(status).sendByteArray(Mono.just(body));
	}

	/**
	 * As {@code ApiErrorHandler} answers a failure nobody expected: logged here, a 500
	 * that names nothing.
	 */
	Publisher<Void> failed(HttpServerRequest request, HttpServerResponse response, RuntimeException ex) {
		String id = RequestIds.idFor(request.requestHeaders().get(REQUEST_ID));
		logger.error("Unhandled failure on " + request.method() + " " + request.fullPath() + " request=" + id, ex);
		return send(request, response, HttpResponseStatus.INTERNAL_SERVER_ERROR, JSON, SERVER_ERROR);
	}

	/**
	 * The first value of cookie {@code name}, as WebFlux's request reads it
	 * ({@code allCookies}, first wins).
	 */
	static String cookie(HttpServerRequest request, String name) {
		List<Cookie> values = request.allCookies().get(name);
		return values == null || values.isEmpty() ? null : values.get(0).value();
	}

}
