package dev.authbridge.web.actions;

import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.FormFields;
import dev.authbridge.web.Responses;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/auth/signin/<id>}: checks the provider and the CSRF token as NextAuth does. Sending the browser on
 * to the provider is not built yet and answers 501 with a reason.
 */
public final class SigninAction {

	private final ProviderRegistry providers;

	private final CsrfCookie csrf;

	private final AuthBase base;

	public SigninAction(ProviderRegistry providers, CsrfCookie csrf, AuthBase base) {
		this.providers = providers;
		this.csrf = csrf;
		this.base = base;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		String id = request.pathVariable("provider");
		return FormFields.read(request).flatMap(form -> {
			if (this.providers.find(id).isEmpty()) {
				return Responses.redirect(url.action("signin?error=OAuthSignin"), form);
			}
			if (!this.csrf.verify(request, form)) {
				return Responses.redirect(url.action("signin?csrf=true"), form);
			}
			return Responses.error(HttpStatus.NOT_IMPLEMENTED, "not_implemented",
					"Signing in with " + id + " is not available in this version of AuthBridge yet.");
		});
	}

}
