package dev.authbridge.web.actions;

import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.SignupProblem;
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
 * {@code /api/auth/signin/<id>}, with the {@code ?error=} explained; with e-mail + password on, a sign-in form and a
 * sign-up form too. Works without JavaScript.
 */
public final class SigninPageAction {

	private final ProviderRegistry providers;

	private final boolean credentials;

	private final CsrfCookie csrf;

	private final CallbackUrlPolicy callbackUrls;

	private final AuthBase base;

	public SigninPageAction(ProviderRegistry providers, boolean credentials, CsrfCookie csrf,
			CallbackUrlPolicy callbackUrls, AuthBase base) {
		this.providers = providers;
		this.credentials = credentials;
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
		if (this.credentials) {
			model.put("credentials", Map.of("signinAction", url.action("callback/" + CredentialsLogin.PROVIDER),
					"signupAction", url.action("signup")));
		}
		model.put("noProviders", !this.credentials && this.providers.enabled().isEmpty());
		request.queryParam("error").map(code -> message(code, request.queryParam("reason").orElse("")))
			.ifPresent(message -> model.put("error", message));
		if ("Signup".equals(request.queryParam("error").orElse(null))) {
			model.put("signupOpen", true);
		}
		if (request.queryParam("csrf").isPresent()) {
			model.put("error", "The sign-in form had expired. Please try again.");
		}
		return issued.respond(MediaType.TEXT_HTML).render("signin", model);
	}

	/** The sentence for {@code ?error=}: a sign-up problem or a too-many-attempts wait, else the code's own. */
	private static String message(String code, String reason) {
		if ("Signup".equals(code)) {
			return SignupProblem.of(reason).map(SignupProblem::message).orElse("The account could not be created.");
		}
		if ("too_many_attempts".equals(reason)) {
			return "Too many failed sign-ins. Wait a few minutes, then try again.";
		}
		return AuthError.of(code).message();
	}


}
