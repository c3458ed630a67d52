package dev.authbridge.web.actions;

import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.PasswordPolicy;
import dev.authbridge.credentials.PasswordReset;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.FormFields;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.Responses;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Password reset (DESIGN §11), forms or JSON with the CSRF token, as the other POSTs:
 * {@code GET /api/auth/password/forgot} asks for the address; its {@code POST}
 * ({@code email}) answers the same whether or not it has an account, a 302 to
 * {@code …/forgot?sent=true} ({@code json=true}: 200 {@code {"url"}}), and 503 with
 * {@code Retry-After} for everyone while mail cannot be sent. The mailed link opens
 * {@code GET /api/auth/password/reset?token=…}, whose form posts {@code token} and
 * {@code password} to {@code POST /api/auth/password/reset}; on success every session of
 * the user has ended, this browser's too, and it goes to the sign-in page to sign in with
 * the new password. A dead link goes to the error page
 * ({@code Verification/token_invalid}, {@code json=true}: 400); a password the policy
 * refuses goes back to the form with the reason, the link still usable.
 */
public final class PasswordResetAction {

	/**
	 * The password policy's reasons, which the form can put right; its sentences are the
	 * sign-in page's.
	 */
	private static final Set<Reason> POLICY = Set.of(Reason.PASSWORD_TOO_SHORT, Reason.PASSWORD_TOO_LONG,
			Reason.PASSWORD_COMMON);

	private final PasswordReset reset;

	private final CsrfCookie csrf;

	private final LoginFailures failures;

	private final AuthBase base;

	private final AuthPages pages;

	public PasswordResetAction(PasswordReset reset, CsrfCookie csrf, LoginFailures failures, AuthBase base,
			AuthPages pages) {
		this.reset = reset;
		this.csrf = csrf;
		this.failures = failures;
		this.base = base;
		this.pages = pages;
	}

	/** {@code GET /api/auth/password/forgot}: the address form, or that the mail went. */
	public Mono<ServerResponse> forgotPage(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		Map<String, Object> model = model(url, "Forgot your password?");
		if (request.queryParam("sent").isPresent()) {
			model.put("sent", true);
		}
		else {
			model.put("forgotAction", url.action("password/forgot"));
		}
		return render(request, model);
	}

	/** {@code POST /api/auth/password/forgot}. */
	public Mono<ServerResponse> forgot(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		return FormFields.read(request)
			.flatMap(form -> this.reset
				.request(form.get("email"), CredentialsAction.client(request), url.action("password/reset"))
				.then(Responses.redirect(url.action("password/forgot") + "?sent=true", form))
				.onErrorResume(ex -> this.failures.answer(CredentialsLogin.PROVIDER, request, ex, url, form)));
	}

	/** {@code GET /api/auth/password/reset?token=…}: the new-password form. */
	public Mono<ServerResponse> resetPage(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		String token = request.queryParam("token").orElse("");
		return this.reset.usable(token).flatMap(usable -> {
			if (!usable) {
				return Mono.error(new SignInFailure(Reason.TOKEN_INVALID));
			}
			Map<String, Object> model = model(url, "Choose a new password");
			model.put("resetAction", url.action("password/reset"));
			model.put("token", token);
			model.put("minLength", PasswordPolicy.MIN_LENGTH);
			request.queryParam("reason")
				.flatMap(Reason::of)
				.filter(POLICY::contains)
				.map(SigninPageAction.SENTENCES::get)
				.ifPresent(sentence -> model.put("error", sentence));
			return render(request, model);
		}).onErrorResume(ex -> this.failures.answer(CredentialsLogin.PROVIDER, request, ex, url, Map.of()));
	}

	/** {@code POST /api/auth/password/reset}. */
	public Mono<ServerResponse> reset(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		return FormFields.read(request)
			.flatMap(form -> this.reset.reset(form.get("token"), form.get("password"))
				.then(Responses.redirect(this.pages.location(Page.SIGNIN, url, Map.of()), form))
				.onErrorResume(ex -> policy(ex)
					.map(reason -> Responses.redirect(UriComponentsBuilder.fromUriString(url.action("password/reset"))
						.queryParam("token", form.get("token"))
						.queryParam("reason", reason.code())
						.toUriString(), form, HttpStatus.BAD_REQUEST, headers -> {
						}))
					.orElseGet(() -> this.failures.answer(CredentialsLogin.PROVIDER, request, ex, url, form))));
	}

	/** The password policy's reason, which the form can put right. */
	private static Optional<Reason> policy(Throwable ex) {
		return ex instanceof SignInFailure failure && POLICY.contains(failure.reason()) ? Optional.of(failure.reason())
				: Optional.empty();
	}

	private Map<String, Object> model(AuthUrl url, String title) {
		Map<String, Object> model = new HashMap<>();
		model.put("title", title);
		model.put("stylesheet", url.stylesheet());
		model.put("signinUrl", this.pages.location(Page.SIGNIN, url, Map.of()));
		return model;
	}

	private Mono<ServerResponse> render(ServerRequest request, Map<String, Object> model) {
		CsrfCookie.Issued issued = this.csrf.issue(request);
		model.put("csrfToken", issued.token());
		return issued.respond(MediaType.TEXT_HTML).render("password", model);
	}

}
