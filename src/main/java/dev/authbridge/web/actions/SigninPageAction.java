package dev.authbridge.web.actions;

import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.AuthError;
import dev.authbridge.web.CsrfCookie;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/signin}: one form per enabled provider, each posting the CSRF token and the callbackUrl to
 * {@code /api/auth/signin/<id>}, with the {@code ?error=} explained. Works without JavaScript.
 */
public final class SigninPageAction {

	private final ProviderRegistry providers;

	private final CsrfCookie csrf;

	private final CallbackUrlPolicy callbackUrls;

	private final AuthBase base;

	public SigninPageAction(ProviderRegistry providers, CsrfCookie csrf, CallbackUrlPolicy callbackUrls,
			AuthBase base) {
		this.providers = providers;
		this.csrf = csrf;
		this.callbackUrls = callbackUrls;
		this.base = base;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		CsrfCookie.Issued issued = this.csrf.issue(request);
		Map<String, Object> model = new HashMap<>();
		model.put("title", "Sign in");
		model.put("stylesheet", url.stylesheet());
		model.put("csrfToken", issued.token());
		model.put("callbackUrl", this.callbackUrls.resolve(request.queryParam("callbackUrl").orElse(null), url));
		model.put("providers", this.providers.enabled()
			.stream()
			.map(provider -> Map.of("id", provider.id(), "name", provider.name(), "action",
					url.action("signin/" + provider.id())))
			.toList());
		request.queryParam("error").map(AuthError::of).ifPresent(error -> model.put("error", error.message()));
		if (request.queryParam("csrf").isPresent()) {
			model.put("error", "The sign-in form had expired. Please try again.");
		}
		return issued.respond(MediaType.TEXT_HTML).render("signin", model);
	}


}
