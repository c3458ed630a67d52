package dev.authbridge.web.actions;

import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.AuthError;
import dev.authbridge.web.Responses;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/error?error=<Code>&reason=<machine_reason>}: a page a person can
 * act on, with NextAuth's status per code (403 for AccessDenied and Verification, 500 for
 * Configuration, else 200). The reason is shown only when it is a plain machine word, so
 * nothing a link carries can be injected into the page. With {@code AUTH_PAGES_ERROR}, a
 * redirect to the operator's page with the same {@code error} and {@code reason}.
 */
public final class ErrorPageAction {

	static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");

	private final AuthBase base;

	private final AuthPages pages;

	public ErrorPageAction(AuthBase base, AuthPages pages) {
		this.base = base;
		this.pages = pages;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		AuthError error = AuthError.of(request.queryParam("error").orElse(null));
		Optional<String> reason = request.queryParam("reason").filter(value -> REASON.matcher(value).matches());
		Map<String, String> query = new LinkedHashMap<>();
		query.put("error", error.name());
		reason.ifPresent(value -> query.put("reason", value));
		Optional<String> custom = this.pages.custom(Page.ERROR, url, query);
		if (custom.isPresent()) {
			return Responses.redirect(custom.get(), Map.of());
		}
		Map<String, Object> model = new HashMap<>();
		model.put("code", error.name());
		model.put("title", error.title());
		model.put("stylesheet", url.stylesheet());
		model.put("message", error.message());
		model.put("signinUrl", url.action("signin"));
		reason.ifPresent(value -> model.put("reason", value));
		return ServerResponse.status(error.status())
			.contentType(MediaType.TEXT_HTML)
			.headers(Responses::noStore)
			.render("error", model);
	}

}
