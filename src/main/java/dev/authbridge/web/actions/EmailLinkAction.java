package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.credentials.EmailLinks;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.FormFields;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.Responses;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Sign-in links by mail, on NextAuth v4's wire, so that {@code next-auth/react}'s
 * {@code signIn("email", { email })} works unchanged. {@code POST /api/auth/signin/email}
 * ({@code csrfToken}, {@code email}, {@code callbackUrl}, {@code json}; behind the route
 * table's CSRF guard) mails the link and answers with
 * {@code /api/auth/verify-request?provider=email&type=email} (302, or {@code json=true}:
 * 200 {@code {"url"}}), the same whether or not the address has an account or a send
 * limit was reached; a mail server that is down answers {@code EmailSignin} (JSON: 503
 * with {@code Retry-After}). The mailed
 * {@code GET /api/auth/callback/email?callbackUrl&token&email} sets the session cookie
 * and goes to the checked callbackUrl; a dead link goes to the error page
 * ({@code Verification}, 403). {@code GET /api/auth/verify-request} is the "check your
 * e-mail" page, or with {@code AUTH_PAGES_VERIFY_REQUEST} a redirect to the operator's.
 */
public final class EmailLinkAction {

	private final EmailLinks links;

	private final CallbackUrlPolicy callbackUrls;

	private final SignInFinish finish;

	private final LoginFailures failures;

	private final AuthBase base;

	private final AuthPages pages;

	private final String maxAge;

	/**
	 * @param maxAge how long a link works, as the page says it ("24 hours")
	 */
	public EmailLinkAction(EmailLinks links, SessionIssuer sessions, AuthCookies cookies,
			CallbackUrlPolicy callbackUrls, LoginFailures failures, AuthBase base, SignInMetrics metrics,
			AuthPages pages, String maxAge) {
		this.links = links;
		this.callbackUrls = callbackUrls;
		this.finish = new SignInFinish(sessions, cookies, failures, metrics);
		this.failures = failures;
		this.base = base;
		this.pages = pages;
		this.maxAge = maxAge;
	}

	/** {@code POST /api/auth/signin/email}. */
	public Mono<ServerResponse> signIn(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		return FormFields.read(request).flatMap(form -> {
			String callbackUrl = this.callbackUrls.resolve(form.get("callbackUrl"), url);
			return this.links
				.request(form.get("email"), CredentialsAction.client(request),
						url.action("callback/" + EmailLinks.PROVIDER), callbackUrl)
				.then(Responses.redirect(url.action("verify-request") + "?provider=" + EmailLinks.PROVIDER + "&type="
						+ EmailLinks.PROVIDER, form))
				.onErrorResume(ex -> this.failures.answer(EmailLinks.PROVIDER, request, ex, url, form));
		});
	}

	/** {@code GET /api/auth/callback/email?callbackUrl&token&email}: the mailed link. */
	public Mono<ServerResponse> callback(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		String callbackUrl = this.callbackUrls.resolve(request.queryParam("callbackUrl").orElse(null), url);
		return this.finish.answer(EmailLinks.PROVIDER, request,
				this.links.signIn(request.queryParam("token").orElse(null), request.queryParam("email").orElse(null)),
				callbackUrl, url, Map.of());
	}

	/** {@code GET /api/auth/verify-request}: "check your e-mail". */
	public Mono<ServerResponse> verifyRequestPage(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		Map<String, String> query = new LinkedHashMap<>();
		// NextAuth's own query; nothing else from the URL is passed on
		query.put("provider", EmailLinks.PROVIDER);
		query.put("type", EmailLinks.PROVIDER);
		return this.pages.custom(Page.VERIFY_REQUEST, url, query)
			.map(custom -> Responses.redirect(custom, Map.of()))
			.orElseGet(() -> ServerResponse.ok()
				.contentType(MediaType.TEXT_HTML)
				.headers(Responses::noStore)
				.render("verify-request",
						Map.of("title", "Check your e-mail", "stylesheet", url.stylesheet(), "maxAge", this.maxAge,
								"signinUrl", this.pages.location(Page.SIGNIN, url, Map.of()), "home", url.home(),
								"host", URI.create(url.origin()).getRawAuthority())));
	}

}
