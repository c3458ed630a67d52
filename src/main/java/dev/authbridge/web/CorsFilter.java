package dev.authbridge.web;

import dev.authbridge.redirect.AuthUrl;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS (Fetch standard §3.2) for SPAs on the origins in {@code AUTH_CORS_ORIGINS}, with
 * credentials, so their scripts can read {@code /api/auth/session}, post sign-in forms
 * with the cookies, and post GraphQL to the same-origin proxy at {@code /v1/graphql} (its
 * preflight may ask for {@code X-Hasura-Role} rather than {@code Authorization}). An
 * allowed origin gets the headers of {@link ResponseHeaders#cors} (itself echoed,
 * credentials, {@code Vary: Origin}); any other origin gets no CORS header at all, so the
 * browser keeps the answer from its script, and its preflight is refused with 403. A
 * request without {@code Origin} (same-origin GETs, the hot path) costs one header
 * lookup.
 *
 * <p>
 * Unlike Spring's {@code DefaultCorsProcessor}, a non-preflight request from an unlisted
 * origin is not refused: the sign-in page's own form posts carry {@code Origin} too, and
 * behind a proxy they can look cross-origin.
 */
public final class CorsFilter implements WebFilter, Ordered {

	static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST);

	static final Set<String> HEADERS = Set.of("content-type", "authorization");

	/**
	 * What a GraphQL client may send to the proxy: its JSON, and the Hasura role to act
	 * as; never {@code Authorization}, which the proxy sets itself.
	 */
	static final Set<String> GRAPHQL_HEADERS = Set.of("content-type", "x-hasura-role");

	static final String MAX_AGE = "600";

	private final ResponseHeaders headers;

	/**
	 * @param headers which origins are allowed, and the CORS headers an allowed one gets
	 */
	public CorsFilter(ResponseHeaders headers) {
		this.headers = headers;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String origin = request.getHeaders().getOrigin();
		String path = request.getPath().value();
		boolean graphQl = path.equals(AuthUrl.GRAPHQL);
		if (origin == null || !(graphQl || path.startsWith(AuthUrl.API))) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		boolean allowed = this.headers.cors(origin, response.getHeaders(), HttpHeaders::set);
		if (!isPreflight(request)) {
			return chain.filter(exchange);
		}
		Set<String> headers = graphQl ? GRAPHQL_HEADERS : HEADERS;
		if (!allowed || !permitted(request.getHeaders(), headers)) {
			response.getHeaders().remove(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
			response.getHeaders().remove(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
			response.setStatusCode(HttpStatus.FORBIDDEN);
			return response.setComplete();
		}
		response.getHeaders().setAccessControlAllowMethods(METHODS);
		response.getHeaders()
			.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					graphQl ? "Content-Type, X-Hasura-Role" : "Content-Type, Authorization");
		response.getHeaders().set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
		response.setStatusCode(HttpStatus.NO_CONTENT);
		return response.setComplete();
	}

	/**
	 * A preflight runs before any handler: the answer is this filter's alone (Fetch
	 * §4.8).
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static boolean isPreflight(ServerHttpRequest request) {
		return HttpMethod.OPTIONS.equals(request.getMethod())
				&& request.getHeaders().containsHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
	}

	/**
	 * The requested method is GET or POST, and every requested header is one of
	 * {@code allowed}, those the path reads.
	 */
	private static boolean permitted(HttpHeaders headers, Set<String> allowed) {
		HttpMethod method = headers.getAccessControlRequestMethod();
		return method != null && METHODS.contains(method)
				&& headers.getAccessControlRequestHeaders()
					.stream()
					.allMatch(header -> allowed.contains(header.trim().toLowerCase(Locale.ROOT)));
	}

}
