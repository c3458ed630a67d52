package dev.authbridge.devidp;

import dev.authbridge.devidp.AuthorizationRequest.InvalidAuthorizationRequest;
import dev.authbridge.web.FormFields;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /dev-idp/authorize} shows the development sign-in page for a valid request:
 * name and e-mail to sign in as, Sign in or Cancel, the request's parameters carried in
 * hidden fields (no JavaScript, nothing remembered). {@code POST /dev-idp/authorize}
 * checks the request again and answers the client (RFC 6749 §4.1.2): a sealed code, or
 * {@code access_denied} on Cancel. An invalid request is a 400 page and never a redirect.
 */
final class AuthorizeEndpoint {

	static final String DEFAULT_NAME = "Dev User";

	static final String DEFAULT_EMAIL = "dev@example.test";

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

	private final DevIdp idp;

	private final AuthorizationCodes codes;

	AuthorizeEndpoint(DevIdp idp, AuthorizationCodes codes) {
		this.idp = idp;
		this.codes = codes;
	}

	Mono<ServerResponse> page(ServerRequest request) {
		return answer(request.queryParams(), null);
	}

	Mono<ServerResponse> decide(ServerRequest request) {
		return FormFields.urlEncoded(request).flatMap(form -> answer(form, form));
	}

	/**
	 * The sign-in page for {@code parameters}, or, with the posted {@code form}, the
	 * answer to the client.
	 */
	private Mono<ServerResponse> answer(MultiValueMap<String, String> parameters, MultiValueMap<String, String> form) {
		AuthorizationRequest authorization;
		try {
			authorization = AuthorizationRequest.from(parameters, this.idp);
		}
		catch (InvalidAuthorizationRequest ex) {
			return render(HttpStatus.BAD_REQUEST, "dev-idp-error",
					new HashMap<>(Map.of("title", "Development sign-in", "message", ex.getMessage())));
		}
		if (form == null) {
			return signinPage(HttpStatus.OK, authorization, DEFAULT_NAME, DEFAULT_EMAIL, null);
		}
		if ("cancel".equals(form.getFirst("decision"))) {
			return redirect(authorization, "error", "access_denied");
		}
		String name = form.getFirst("name") == null ? "" : form.getFirst("name").trim();
		String email = form.getFirst("email") == null ? "" : form.getFirst("email").trim();
		if (name.isEmpty() || !EMAIL.matcher(email).matches()) {
			return signinPage(HttpStatus.BAD_REQUEST, authorization, name, email,
					"Enter a name and an e-mail address such as " + DEFAULT_EMAIL + ".");
		}
		return redirect(authorization, "code", this.codes.issue(authorization, DevUser.of(name, email)));
	}

	private Mono<ServerResponse> signinPage(HttpStatus status, AuthorizationRequest authorization, String name,
			String email, String error) {
		Map<String, Object> model = new HashMap<>();
		model.put("title", "Development sign-in — not for production");
		model.put("action", this.idp.endpoint("authorize"));
		model.put("hidden",
				authorization.parameters()
					.entrySet()
					.stream()
					.map(parameter -> Map.of("name", parameter.getKey(), "value", parameter.getValue()))
					.toList());
		model.put("userName", name);
		model.put("userEmail", email);
		if (error != null) {
			model.put("error", error);
		}
		return render(status, "dev-idp-authorize", model);
	}

	private Mono<ServerResponse> render(HttpStatus status, String template, Map<String, Object> model) {
		model.put("stylesheet", this.idp.url().stylesheet());
		return ServerResponse.status(status)
			.contentType(MediaType.TEXT_HTML)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.render(template, model);
	}

	/**
	 * RFC 6749 §4.1.2: the answer goes to the (checked) redirect URI with {@code state}
	 * echoed.
	 */
	private static Mono<ServerResponse> redirect(AuthorizationRequest authorization, String name, String value) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put(name, value);
		if (authorization.state() != null) {
			query.put("state", authorization.state());
		}
		StringBuilder location = new StringBuilder(authorization.redirectUri());
		query.forEach((key, parameter) -> location.append(location.indexOf("?") < 0 ? '?' : '&')
			.append(key)
			.append('=')
			.append(URLEncoder.encode(parameter, StandardCharsets.UTF_8)));
		return ServerResponse.status(HttpStatus.FOUND)
			.location(URI.create(location.toString()))
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.build();
	}

}
