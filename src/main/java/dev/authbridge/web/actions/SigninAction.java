package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.login.FlowCookieSealer;
import dev.authbridge.login.ProviderLogin;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.FormFields;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.Responses;
import java.util.Map;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/auth/signin/<id>}, behind the route table's CSRF guard: checks the
 * provider, then sends the browser to the provider with the flow sealed in the
 * {@code authbridge.oauth} cookie. Query parameters of the POST (NextAuth's
 * {@code authorizationParams}, e.g. {@code prompt=login}) are passed on to the provider.
 */
public final class SigninAction {

	private final ProviderRegistry providers;

	private final ProviderLogin login;

	private final AuthCookies cookies;

	private final CallbackUrlPolicy callbackUrls;

	private final LoginFailures failures;

	private final AuthBase base;

	private final AuthPages pages;

	public SigninAction(ProviderRegistry providers, ProviderLogin login, AuthCookies cookies,
			CallbackUrlPolicy callbackUrls, LoginFailures failures, AuthBase base, AuthPages pages) {
		this.providers = providers;
		this.login = login;
		this.cookies = cookies;
		this.callbackUrls = callbackUrls;
		this.failures = failures;
		this.base = base;
		this.pages = pages;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		String id = request.pathVariable("provider");
		return FormFields.read(request).flatMap(form -> {
			if (this.providers.find(id).isEmpty()) {
				return Responses.redirect(this.pages.location(Page.SIGNIN, url, Map.of("error", "OAuthSignin")), form);
			}
			String callbackUrl = this.callbackUrls.resolve(form.get("callbackUrl"), url);
			return this.login
				.start(id, url.action("callback/" + id), callbackUrl, request.queryParams().toSingleValueMap())
				.flatMap(start -> Responses.redirect(start.authorizationUrl(), form,
						this.cookies.flow(start.sealedFlow(), FlowCookieSealer.LIFETIME)))
				.onErrorResume(ex -> this.failures.redirect(request, ex, url, form));
		});
	}

}
