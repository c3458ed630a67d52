package dev.authbridge.web.actions;

import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.EmailLinks;
import dev.authbridge.credentials.PasswordPolicy;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.AuthError;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.Responses;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.ErrorCode;
import dev.authbridge.user.SignInFailure.Reason;
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
 * {@code GET /api/auth/signin}: one form per enabled provider, each posting the CSRF
 * token and the callbackUrl to {@code /api/auth/signin/<id>}, with the {@code ?error=}
 * explained; with e-mail + password on, a sign-in form and a sign-up form too; with
 * sign-in links on, NextAuth's "Sign in with Email" form, which mails one. Works without
 * JavaScript. With {@code AUTH_PAGES_SIGNIN}, a redirect to the operator's page instead,
 * as NextAuth's {@code pages.signIn}: with the checked {@code callbackUrl}, and
 * {@code error}, {@code reason} and {@code csrf} when given.
 */
public final class SigninPageAction {

	/**
	 * What the sign-in page says beside its form for the reasons a person can act on
	 * there.
	 */
	static final Map<Reason, String> SENTENCES = Map.of(Reason.EMAIL_INVALID, "Enter a valid e-mail address.",
			Reason.PASSWORD_TOO_SHORT, "Choose a password of at least " + PasswordPolicy.MIN_LENGTH + " characters.",
			Reason.PASSWORD_TOO_LONG, "Choose a password of at most " + PasswordPolicy.MAX_BYTES + " bytes.",
			Reason.PASSWORD_COMMON, "That password is among the most common ones. Choose another.",
			Reason.NAME_TOO_LONG, "Keep the name under " + CredentialsLogin.MAX_NAME_LENGTH + " characters.",
			Reason.EMAIL_TAKEN, "An account with that e-mail address exists already. Sign in instead.",
			Reason.TOO_MANY_SIGNUPS, "Too many accounts were created from your network. Wait a while, then try again.",
			Reason.TOO_MANY_ATTEMPTS, "Too many failed sign-ins. Wait a few minutes, then try again.", Reason.BUSY,
			"The service is busy. Try again in a moment.");

	/** An error code worth passing on: a word, as NextAuth's codes are. */
	private static final Pattern CODE = Pattern.compile("[A-Za-z]{1,40}");

	private final ProviderRegistry providers;

	private final boolean credentials;

	private final boolean passwordReset;

	private final boolean emailLinks;

	private final CsrfCookie csrf;

	private final CallbackUrlPolicy callbackUrls;

	private final AuthBase base;

	private final AuthPages pages;

	public SigninPageAction(ProviderRegistry providers, boolean credentials, boolean passwordReset, boolean emailLinks,
			CsrfCookie csrf, CallbackUrlPolicy callbackUrls, AuthBase base, AuthPages pages) {
		this.providers = providers;
		this.credentials = credentials;
		this.passwordReset = passwordReset;
		this.emailLinks = emailLinks;
		this.csrf = csrf;
		this.callbackUrls = callbackUrls;
		this.base = base;
		this.pages = pages;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		String callbackUrl = this.callbackUrls.resolve(request.queryParam("callbackUrl").orElse(null), url);
		Optional<String> error = request.queryParam("error").filter(code -> CODE.matcher(code).matches());
		String reason = request.queryParam("reason")
			.filter(word -> ErrorPageAction.REASON.matcher(word).matches())
			.orElse("");
		boolean csrfExpired = request.queryParam("csrf").isPresent();
		Map<String, String> query = new LinkedHashMap<>();
		query.put("callbackUrl", callbackUrl);
		error.ifPresent(code -> query.put("error", code));
		if (!reason.isEmpty()) {
			query.put("reason", reason);
		}
		if (csrfExpired) {
			query.put("csrf", "true");
		}
		Optional<String> custom = this.pages.custom(Page.SIGNIN, url, query);
		if (custom.isPresent()) {
			return Responses.redirect(custom.get(), Map.of());
		}
		CsrfCookie.Issued issued = this.csrf.issue(request);
		Map<String, Object> model = new HashMap<>();
		model.put("title", "Sign in");
		model.put("stylesheet", url.stylesheet());
		model.put("csrfToken", issued.token());
		model.put("callbackUrl", callbackUrl);
		model.put("providers",
				this.providers.enabled()
					.stream()
					.map(provider -> Map.of("id", provider.id(), "name", provider.name(), "action",
							url.action("signin/" + provider.id())))
					.toList());
		if (this.credentials) {
			Map<String, String> forms = new HashMap<>(Map.of("signinAction",
					url.action("callback/" + CredentialsLogin.PROVIDER), "signupAction", url.action("signup")));
			if (this.passwordReset) {
				forms.put("forgotUrl", url.action("password/forgot"));
			}
			model.put("credentials", forms);
		}
		if (this.emailLinks) {
			model.put("emailAction", url.action("signin/" + EmailLinks.PROVIDER));
		}
		model.put("noProviders", !this.credentials && !this.emailLinks && this.providers.enabled().isEmpty());
		error.ifPresent(code -> model.put("error", message(code, reason)));
		if (error.filter(ErrorCode.SIGNUP.code()::equals).isPresent()) {
			model.put("signupOpen", true);
		}
		if (csrfExpired) {
			model.put("error", "The sign-in form had expired. Please try again.");
		}
		return issued.respond(MediaType.TEXT_HTML).render("signin", model);
	}

	/**
	 * The sentence for {@code ?error=}: the reason's own where the form can do something
	 * about it, else the code's ({@link AuthError}), and a general one for a sign-up
	 * whose reason is not known.
	 */
	private static String message(String code, String reason) {
		return SignInFailure.Reason.of(reason)
			.map(SENTENCES::get)
			.orElseGet(() -> ErrorCode.SIGNUP.code().equals(code) ? "The account could not be created."
					: AuthError.of(code).message());
	}

}
