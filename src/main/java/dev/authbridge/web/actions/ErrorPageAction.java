package dev.authbridge.web.actions;

import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.web.AuthBase;
import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.web.AuthError;
import dev.authbridge.web.CsrfCookie;
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
 * redirect to the operator's page with the same {@code error} and {@code reason}. A right
 * password that met an unproved address ({@code reason=email_not_verified}) finds a form
 * for a new verification link here, when verification is on.
 */
public final class ErrorPageAction {

	static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,64}");

	private final AuthBase base;

	private final AuthPages pages;

	/**
	 * Issues the token of the form for a new verification link; {@code null}: no form.
	 */
	private final CsrfCookie resendCsrf;

	public ErrorPageAction(AuthBase base, AuthPages pages) {
		this(base, pages, null);
	}

	/**
	 * @param resendCsrf the CSRF cookie when e-mail verification is on, to offer a new
	 * link; else {@code null}
	 */
	public ErrorPageAction(AuthBase base, AuthPages pages, CsrfCookie resendCsrf) {
		this.base = base;
		this.pages = pages;
		this.resendCsrf = resendCsrf;
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
		ServerResponse.BodyBuilder response = ServerResponse.status(error.status())
			.contentType(MediaType.TEXT_HTML)
			.headers(Responses::noStore);
		if (this.resendCsrf != null && reason.filter(Reason.EMAIL_NOT_VERIFIED.code()::equals).isPresent()) {
			CsrfCookie.Issued issued = this.resendCsrf.issue(request);
			// not "you do not have permission": the person can put this right here
			model.put("title", "Confirm your e-mail address");
			model.put("message", "Your e-mail address is not confirmed yet. Open the link we mailed you when you "
					+ "signed up, or have a new one sent:");
			model.put("resend", EmailVerificationAction.resendForm(url, issued.token(), url.home()));
			if (issued.cookie() != null) {
				response.cookie(issued.cookie());
			}
		}
		return response.render("error", model);
	}

}
