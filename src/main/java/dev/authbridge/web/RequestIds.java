package dev.authbridge.web;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * An id for every request, to find its log lines: the caller's {@code X-Request-Id} when
 * it is a short safe token (a proxy's or load balancer's id, so both logs line up), else
 * a new random one. It is echoed in the response and kept as an exchange attribute for
 * the lines that name it ({@link LoginFailures}, {@link ApiErrorHandler}). A
 * client-chosen id is only a correlation aid: it may repeat, and it is never trusted for
 * anything else.
 */
public final class RequestIds implements WebFilter, Ordered {

	public static final String HEADER = "X-Request-Id";

	private static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

	private static final int MAX_LENGTH = 64;

	private static final HexFormat HEX = HexFormat.of();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = idFor(exchange.getRequest().getHeaders().getFirst(HEADER));
		exchange.getAttributes().put(ATTRIBUTE, id);
		exchange.getResponse().getHeaders().set(HEADER, id);
		return chain.filter(exchange);
	}

	/**
	 * First, so that every answer carries the id, those of the security chain included.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** The id of {@code exchange}'s request, or {@code -} outside this filter. */
	public static String of(ServerWebExchange exchange) {
		return exchange.getAttributeOrDefault(ATTRIBUTE, "-");
	}

	/**
	 * The id for a request that carries {@code incoming} as its {@code X-Request-Id}
	 * ({@code null}: none).
	 */
	public static String idFor(String incoming) {
		return safe(incoming) ? incoming : HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
	}

	/** {@code [A-Za-z0-9._-]{1,64}}: nothing that could forge a log line or a header. */
	static boolean safe(String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
					|| c == '-')) {
				return false;
			}
		}
		return true;
	}

}
