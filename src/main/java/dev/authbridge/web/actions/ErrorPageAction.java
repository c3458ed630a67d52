package dev.authbridge.web.actions;

import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.AuthError;
import dev.authbridge.web.Responses;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/error?error=<Code>&reason=<machine_reason>}: a page a person can act on, with NextAuth's
 * status per code (403 for AccessDenied and Verification, 500 for Configuration, else 200). The reason is shown only
 * when it is a plain machine word, so nothing a link carries can be injected into the page.
 */
public final class ErrorPageAction {

	static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");

	private final AuthBase base;

	public ErrorPageAction(AuthBase base) {
		this.base = base;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		AuthError error = AuthError.of(request.queryParam("error").orElse(null));
		Map<String, Object> model = new HashMap<>();
		model.put("code", error.name());
		model.put("title", error.title());
		model.put("stylesheet", url.stylesheet());
		model.put("message", error.message());
		model.put("signinUrl", url.action("signin"));
		request.queryParam("reason").filter(reason -> REASON.matcher(reason).matches())
			.ifPresent(reason -> model.put("reason", reason));
		return ServerResponse.status(error.status())
			.contentType(MediaType.TEXT_HTML)
			.headers(Responses::noStore)
			.render("error", model);
	}

}
