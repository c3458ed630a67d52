package dev.authbridge.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The fields of a POST to an action, sent the way NextAuth's client sends them
 * ({@code application/x-www-form-urlencoded}) or as a flat JSON object. Anything else is
 * a 415 with a reason; a {@code Content-Type} that does not parse (an unknown charset,
 * stray separators) and a form with a broken {@code %} escape are 400s with a reason,
 * never failures of the bridge.
 */
public final class FormFields {

	private FormFields() {
	}

	/**
	 * Where the fields, once read, wait for the next reader of the same request: a JSON
	 * body can be read once.
	 */
	private static final String READ = FormFields.class.getName() + ".read";

	/**
	 * The fields of {@code request}; first value wins for repeated form fields,
	 * non-string JSON values are dropped. Read once per request: the route's CSRF guard
	 * reads them before the action does.
	 */
	public static Mono<Map<String, String>> read(ServerRequest request) {
		Map<String, String> read = request.exchange().getAttribute(READ);
		if (read != null) {
			return Mono.just(read);
		}
		return parse(request).doOnNext(fields -> request.exchange().getAttributes().put(READ, fields));
	}

	private static Mono<Map<String, String>> parse(ServerRequest request) {
		MediaType type;
		try {
			type = request.headers().contentType().orElse(null);
		}
		catch (InvalidMediaTypeException ex) {
			return Mono
				.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "Content-Type is not a valid media type"));
		}
		if (type == null) {
			return Mono.just(Map.of());
		}
		if (MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
			return urlEncoded(request).map(form -> form.toSingleValueMap());
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

	/**
	 * {@code request.formData()}, except that a body the form decoder cannot read (a
	 * {@code %} not followed by two hex digits, which {@code URLDecoder} answers with an
	 * {@link IllegalArgumentException}) is a 400.
	 */
	public static Mono<MultiValueMap<String, String>> urlEncoded(ServerRequest request) {
		return request.formData()
			.onErrorMap(IllegalArgumentException.class, ex -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"body is not valid application/x-www-form-urlencoded"));
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
