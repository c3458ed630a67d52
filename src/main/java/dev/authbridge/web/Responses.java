package dev.authbridge.web;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Response shapes every action shares. */
public final class Responses {

	private Responses() {
	}

	/**
	 * NextAuth's redirect: a 302 to {@code url}, or, when the client posted {@code json=true} (as
	 * {@code next-auth/react} does), a 200 {@code {"url": …}} for the script to follow.
	 */
	public static Mono<ServerResponse> redirect(String url, Map<String, String> form, ResponseCookie... cookies) {
		ServerResponse.BodyBuilder builder = "true".equals(form.get("json"))
				? ServerResponse.ok().contentType(MediaType.APPLICATION_JSON) : ServerResponse.status(HttpStatus.FOUND)
					.location(URI.create(url));
		builder.headers(Responses::noStore);
		for (ResponseCookie cookie : cookies) {
			if (cookie != null) {
				builder.cookie(cookie);
			}
		}
		return "true".equals(form.get("json")) ? builder.bodyValue(Map.of("url", url)) : builder.build();
	}

	/** What NextAuth sends with every session-bearing answer, so that no cache keeps one user's data for another. */
	public static void noStore(HttpHeaders headers) {
		headers.set(HttpHeaders.CACHE_CONTROL, "private, no-cache, no-store");
		headers.set(HttpHeaders.PRAGMA, "no-cache");
		headers.set(HttpHeaders.EXPIRES, "0");
	}

	/** A 4xx with a machine code and a sentence for people. */
	public static Mono<ServerResponse> error(HttpStatus status, String code, String message) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(Responses::noStore)
			.bodyValue(Map.of("error", code, "message", message));
	}

}
