package dev.authbridge.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The fields of a POST to an action, sent the way NextAuth's client sends them
 * ({@code application/x-www-form-urlencoded}) or as a flat JSON object. Anything else is a 415 with a reason.
 */
public final class FormFields {

	private FormFields() {
	}

	/** The fields of {@code request}; first value wins for repeated form fields, non-string JSON values are dropped. */
	public static Mono<Map<String, String>> read(ServerRequest request) {
		MediaType type = request.headers().contentType().orElse(null);
		if (type == null) {
			return Mono.just(Map.of());
		}
		if (MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
			return request.formData().map(form -> form.toSingleValueMap());
		}
		if (MediaType.APPLICATION_JSON.includes(type)) {
			return request.bodyToMono(Map.class)
				.map(FormFields::strings)
				.defaultIfEmpty(Map.of())
				.onErrorMap(ex -> !(ex instanceof ResponseStatusException),
						ex -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "body is not a JSON object"));
		}
		return Mono.error(new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"send application/x-www-form-urlencoded or application/json"));
	}

	private static Map<String, String> strings(Map<?, ?> json) {
		Map<String, String> fields = new LinkedHashMap<>();
		json.forEach((key, value) -> {
			if (key instanceof String name && (value instanceof String || value instanceof Boolean)) {
				fields.put(name, value.toString());
			}
		});
		return fields;
	}

}
