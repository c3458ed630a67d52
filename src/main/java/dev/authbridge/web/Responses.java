package dev.authbridge.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Response shapes every action shares. */
public final class Responses {

	private Responses() {
	}

	/**
	 * NextAuth's redirect: a 302 to {@code url}, or, when the client posted
	 * {@code json=true} (as {@code next-auth/react} does), a 200 {@code {"url": …}} for
	 * the script to follow.
	 */
	public static Mono<ServerResponse> redirect(String url, Map<String, String> form, ResponseCookie... cookies) {
		return redirect(url, form, HttpStatus.OK, headers -> {
		}, cookies);
	}

	/**
	 * {@link #redirect}, answering {@code json=true} with {@code jsonStatus}, and with
	 * more {@code headers}.
	 */
	public static Mono<ServerResponse> redirect(String url, Map<String, String> form, HttpStatusCode jsonStatus,
			Consumer<HttpHeaders> headers, ResponseCookie... cookies) {
		return redirect(url, form, jsonStatus, Map.of(), headers, cookies);
	}

	/**
	 * {@link #redirect}, whose {@code json=true} answer carries {@code jsonFields} beside
	 * {@code url}.
	 */
	public static Mono<ServerResponse> redirect(String url, Map<String, String> form, HttpStatusCode jsonStatus,
			Map<String, String> jsonFields, Consumer<HttpHeaders> headers, ResponseCookie... cookies) {
		boolean json = "true".equals(form.get("json"));
		ServerResponse.BodyBuilder builder = json
				? ServerResponse.status(jsonStatus).contentType(MediaType.APPLICATION_JSON)
				: ServerResponse.status(HttpStatus.FOUND).location(URI.create(url));
		builder.headers(Responses::noStore).headers(headers);
		for (ResponseCookie cookie : cookies) {
			if (cookie != null) {
				builder.cookie(cookie);
			}
		}
		if (!json) {
			return builder.build();
		}
		Map<String, String> body = new LinkedHashMap<>(jsonFields);
		body.put("url", url);
		return builder.bodyValue(body);
	}

	/**
	 * {@link ResponseHeaders#noStore}, for the builders'
	 * {@code headers(Responses::noStore)}.
	 */
	public static void noStore(HttpHeaders headers) {
		ResponseHeaders.noStore(headers, HttpHeaders::set);
	}

	/** A 4xx with a machine code and a sentence for people. */
	public static Mono<ServerResponse> error(HttpStatus status, String code, String message) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(Responses::noStore)
			.bodyValue(Map.of("error", code, "message", message));
	}

}
