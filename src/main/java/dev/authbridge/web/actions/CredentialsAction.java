package dev.authbridge.web.actions;

import dev.authbridge.net.IpAddresses;
import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SignedSession;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.FormFields;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.Responses;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The e-mail + password actions, posted as forms or JSON with the CSRF token:
 * {@code POST /api/auth/callback/credentials} (NextAuth's credentials sign-in:
 * {@code email}, {@code password}) and {@code POST /api/auth/signup} ({@code email},
 * {@code password}, {@code name}). Success sets the session cookie and goes to the
 * allowed {@code callbackUrl} ({@code json=true}: 200 {@code {"url"}}); a failure goes to
 * the page that explains it, or answers {@code json=true} with its status and
 * {@code {"url"}} as NextAuth's client expects. The route table's CSRF guard stands in
 * front of both.
 */
public final class CredentialsAction {

	private final CredentialsLogin login;

	private final CallbackUrlPolicy callbackUrls;

	private final SignInFinish finish;

	private final AuthBase base;

	private final AuthPages pages;

	public CredentialsAction(CredentialsLogin login, SessionIssuer sessions, AuthCookies cookies,
			CallbackUrlPolicy callbackUrls, LoginFailures failures, AuthBase base, SignInMetrics metrics,
			AuthPages pages) {
		this.login = login;
		this.callbackUrls = callbackUrls;
		this.finish = new SignInFinish(sessions, cookies, failures, metrics);
		this.base = base;
		this.pages = pages;
	}

	/**
	 * {@code POST /api/auth/signin/credentials}: as in NextAuth, whose credentials
	 * provider has no sign-in leg, the browser goes to the sign-in page, where the form
	 * is.
	 */
	public Mono<ServerResponse> signinPage(ServerRequest request) {
		return FormFields.read(request)
			.flatMap(form -> Responses.redirect(this.pages.location(Page.SIGNIN, this.base.of(request), Map.of()),
					form));
	}

	public Mono<ServerResponse> signIn(ServerRequest request) {
		return finish(request, form -> this.login.signIn(form.get("email"), form.get("password"), client(request)));
	}

	public Mono<ServerResponse> signUp(ServerRequest request) {
		return finish(request,
				form -> this.login.signUp(form.get("email"), form.get("password"), form.get("name"), client(request)));
	}

	private Mono<ServerResponse> finish(ServerRequest request,
			Function<Map<String, String>, Mono<SignedSession>> work) {
		AuthUrl url = this.base.of(request);
		return FormFields.read(request)
			.flatMap(form -> this.finish.answer(CredentialsLogin.PROVIDER, request, work.apply(form),
					this.callbackUrls.resolve(form.get("callbackUrl"), url), url, form));
	}

	/**
	 * The caller's address as the per-address limits count it
	 * ({@link IpAddresses#rateLimitKey}): the connection's peer, or behind trusted
	 * proxies the client that {@code ClientAddressTransformer} resolved.
	 */
	static String client(ServerRequest request) {
		return request.remoteAddress()
			.flatMap(address -> address.getAddress() != null ? Optional.of(address.getAddress())
					: IpAddresses.literal(address.getHostString()))
			.map(IpAddresses::rateLimitKey)
			.orElse("unknown");
	}

}
