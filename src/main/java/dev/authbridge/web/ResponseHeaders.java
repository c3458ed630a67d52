package dev.authbridge.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers the bridge adds to its answers, decided here once for every path that
 * writes them: Spring Security's header filter and the firewall's refusals
 * ({@code SecurityConfiguration}), the error handler, the actions' no-store
 * ({@link Responses#noStore}), the {@link CorsFilter}, and the two routes Reactor Netty
 * answers ahead of WebFlux ({@code HotPathRoutes}), whose answers must not differ from
 * WebFlux's. Each path hands over its own kind of header map with a {@link Writer} for
 * it: Spring's {@link HttpHeaders}, or Netty's, built once into bytes.
 *
 * <p>
 * The security headers are Spring Security's defaults (which the bridge keeps), in the
 * order its header filter writes them, with the bridge's {@code Content-Security-Policy}
 * and {@code Referrer-Policy: no-referrer}; over https {@code Strict-Transport-Security}
 * too (RFC 6797 §7.2: never over plain http).
 */
public final class ResponseHeaders {

	/** Spring Security's HSTS: a year, subdomains included, no preload. */
	private static final String HSTS = "max-age=31536000 ; includeSubDomains";

	private final List<Header> http;

	private final List<Header> https;

	private final Set<String> corsOrigins;

	/**
	 * @param contentSecurityPolicy the {@code Content-Security-Policy} of every answer
	 * @param corsOrigins the origins whose scripts may read the API's answers with
	 * credentials
	 */
	public ResponseHeaders(String contentSecurityPolicy, Set<String> corsOrigins) {
		this.http = security(contentSecurityPolicy, false);
		this.https = security(contentSecurityPolicy, true);
		this.corsOrigins = Set.copyOf(corsOrigins);
	}

	private static List<Header> security(String contentSecurityPolicy, boolean https) {
		List<Header> headers = new ArrayList<>();
		headers.add(new Header("X-Content-Type-Options", "nosniff"));
		if (https) {
			headers.add(new Header("Strict-Transport-Security", HSTS));
		}
		headers.add(new Header("X-Frame-Options", "DENY"));
		headers.add(new Header("X-XSS-Protection", "0"));
		headers.add(new Header("Content-Security-Policy", contentSecurityPolicy));
		headers.add(new Header("Referrer-Policy", "no-referrer"));
		return List.copyOf(headers);
	}

	/**
	 * The security headers of every answer to a request made over {@code https} or not.
	 */
	public <H> void security(boolean https, H headers, Writer<H> writer) {
		for (Header header : https ? this.https : this.http) {
			writer.set(headers, header.name(), header.value());
		}
	}

	/**
	 * The security headers on a WebFlux answer, over https when the request's URI says so
	 * (after any forwarded headers the operator trusts), as Spring Security decides; a
	 * header the handler set itself is left as it is.
	 */
	public void security(ServerWebExchange exchange) {
		boolean https = "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme());
		security(https, exchange.getResponse().getHeaders(), ResponseHeaders::setIfAbsent);
	}

	private static void setIfAbsent(HttpHeaders headers, String name, String value) {
		if (!headers.containsHeader(name)) {
			headers.set(name, value);
		}
	}

	/**
	 * What NextAuth sends with every session-bearing answer, so that no cache keeps one
	 * user's data for another.
	 */
	public static <H> void noStore(H headers, Writer<H> writer) {
		writer.set(headers, HttpHeaders.CACHE_CONTROL, "private, no-cache, no-store");
		writer.set(headers, HttpHeaders.PRAGMA, "no-cache");
		writer.set(headers, HttpHeaders.EXPIRES, "0");
	}

	/** Whether a script on {@code origin} may read the API's answers with credentials. */
	private boolean allows(String origin) {
		return origin != null && this.corsOrigins.contains(origin);
	}

	/**
	 * CORS on an answer to a request from {@code origin} ({@code null}: none), when it is
	 * allowed: the origin echoed (never {@code *}, which browsers refuse with
	 * credentials), credentials, and {@code Vary: Origin} since the answer depends on it.
	 * Both paths write CORS first on a fresh answer, so {@code Vary} is set rather than
	 * added.
	 * @return whether {@code origin} is allowed
	 */
	public <H> boolean cors(String origin, H headers, Writer<H> writer) {
		if (!allows(origin)) {
			return false;
		}
		writer.set(headers, HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
		writer.set(headers, HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		writer.set(headers, HttpHeaders.VARY, HttpHeaders.ORIGIN);
		return true;
	}

	/** How one kind of header map is written. */
	@FunctionalInterface
	public interface Writer<H> {

		/**
		 * Sets header {@code name} of {@code headers} to {@code value}, replacing any
		 * value it had.
		 */
		void set(H headers, String name, String value);

	}

	private record Header(String name, String value) {
	}

}
