package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.EmailVerification;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.FormFields;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.Responses;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * E-mail verification on the wire ({@code AUTH_EMAIL_VERIFICATION} optional or required),
 * beside NextAuth's e-mail sign-in in shape: {@code POST /api/auth/signup} makes the
 * account and answers, whether or not the address was taken, a 302 to
 * {@code GET /api/auth/verify-email/sent} ("check your e-mail"; {@code json=true}: 200
 * {@code {"url"}}), without signing in. The mailed link
 * {@code GET /api/auth/verify-email?token=…&callbackUrl=…} proves the address, sets a
 * fresh session cookie and goes to the sign-up's (checked) callbackUrl; a dead link goes
 * to the error page ({@code Verification/token_invalid}). The sent page and
 * {@code GET /api/auth/verify-email/resend} have a form that posts {@code email} to
 * {@code POST /api/auth/verify-email/resend}, which answers as sign-up does. The route
 * table's CSRF guard stands in front of both POSTs.
 */
public final class EmailVerificationAction {

	private final EmailVerification verification;

	private final SignInFinish finish;

	private final CsrfCookie csrf;

	private final CallbackUrlPolicy callbackUrls;

	private final LoginFailures failures;

	private final AuthBase base;

	private final AuthPages pages;

	public EmailVerificationAction(EmailVerification verification, SessionIssuer sessions, AuthCookies cookies,
			CsrfCookie csrf, CallbackUrlPolicy callbackUrls, LoginFailures failures, AuthBase base, AuthPages pages,
			SignInMetrics metrics) {
		this.verification = verification;
		this.finish = new SignInFinish(sessions, cookies, failures, metrics);
		this.csrf = csrf;
		this.callbackUrls = callbackUrls;
		this.failures = failures;
		this.base = base;
		this.pages = pages;
	}

	/** {@code POST /api/auth/signup}, in place of {@link CredentialsAction#signUp}. */
	public Mono<ServerResponse> signUp(ServerRequest request) {
		return mailing(request, (form, links) -> this.verification.signUp(form.get("email"), form.get("password"),
				form.get("name"), CredentialsAction.client(request), links));
	}

	/** {@code POST /api/auth/verify-email/resend}. */
	public Mono<ServerResponse> resend(ServerRequest request) {
		return mailing(request,
				(form, links) -> this.verification.resend(form.get("email"), CredentialsAction.client(request), links));
	}

	/** {@code GET /api/auth/verify-email?token=…&callbackUrl=…}: the mailed link. */
	public Mono<ServerResponse> verify(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		String callbackUrl = this.callbackUrls.resolve(request.queryParam("callbackUrl").orElse(null), url);
		return this.finish.answer(CredentialsLogin.PROVIDER, request,
				this.verification.verify(request.queryParam("token").orElse("")), callbackUrl, url, Map.of());
	}

	/**
	 * {@code GET /api/auth/verify-email/sent}: check your e-mail, or have it sent again.
	 */
	public Mono<ServerResponse> sentPage(ServerRequest request) {
		return page(request, "Check your e-mail", true);
	}

	/** {@code GET /api/auth/verify-email/resend}: a new link for an address. */
	public Mono<ServerResponse> resendPage(ServerRequest request) {
		return page(request, "Confirm your e-mail address", false);
	}

	/**
	 * What the form for a new link needs, for the pages that show it (this one's, and the
	 * error page when a password met an unproved address).
	 */
	public static Map<String, Object> resendForm(AuthUrl url, String csrfToken, String callbackUrl) {
		Map<String, Object> model = new HashMap<>();
		model.put("resendAction", url.action("verify-email/resend"));
		model.put("csrfToken", csrfToken);
		model.put("callbackUrl", callbackUrl);
		return model;
	}

	private Mono<ServerResponse> page(ServerRequest request, String title, boolean sent) {
		AuthUrl url = this.base.of(request);
		String callbackUrl = this.callbackUrls.resolve(request.queryParam("callbackUrl").orElse(null), url);
		CsrfCookie.Issued issued = this.csrf.issue(request);
		Map<String, Object> model = new HashMap<>(resendForm(url, issued.token(), callbackUrl));
		model.put("title", title);
		model.put("stylesheet", url.stylesheet());
		model.put("signinUrl", this.pages.location(Page.SIGNIN, url, Map.of()));
		model.put(sent ? "sent" : "ask", true);
		return issued.respond(MediaType.TEXT_HTML).render("verify-email", model);
	}

	/**
	 * Reads the form, does {@code work} with the links its mail needs, and answers with
	 * the sent page: the same answer whatever the work found.
	 */
	private Mono<ServerResponse> mailing(ServerRequest request, Work work) {
		AuthUrl url = this.base.of(request);
		return FormFields.read(request).flatMap(form -> {
			String callbackUrl = this.callbackUrls.resolve(form.get("callbackUrl"), url);
			EmailVerification.Links links = new EmailVerification.Links(url.action("verify-email"), callbackUrl,
					this.pages.location(Page.SIGNIN, url, Map.of()), url.action("password/forgot"));
			String sent = UriComponentsBuilder.fromUriString(url.action("verify-email/sent"))
				.queryParam("callbackUrl", "{callbackUrl}")
				.encode()
				.buildAndExpand(callbackUrl)
				.toUriString();
			return work.apply(form, links)
				.then(Responses.redirect(sent, form))
				.onErrorResume(ex -> this.failures.answer(CredentialsLogin.PROVIDER, request, ex, url, form));
		});
	}

	@FunctionalInterface
	private interface Work {

		Mono<Void> apply(Map<String, String> form, EmailVerification.Links links);

	}

}
