package dev.authbridge.web.actions;

import static org.springframework.web.reactive.function.server.RequestPredicates.all;

import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.EmailLinks;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.web.CsrfGuard;
import java.util.Optional;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The {@code /api/auth} route table, and nothing else: which action answers which
 * request, on one screen, as next-auth's action {@code switch} reads. Every route that
 * changes state with the browser's cookies is behind the one {@link CsrfGuard}; the POSTs
 * outside it say why they need none.
 */
public final class AuthRoutes {

	private AuthRoutes() {
	}

	public static RouterFunction<ServerResponse> of(Actions actions, CsrfGuard csrf) {
		return RouterFunctions.route()
			.path(AuthUrl.API,
					api -> api.GET("/session", actions.session()::handle)
						.GET("/csrf", actions.csrf()::handle)
						.GET("/providers", actions.providers()::handle)
						.GET("/jwks", actions.jwks()::handle)
						.GET("/signin", actions.signinPage()::handle)
						.add(signIns(actions).filter(csrf.refusingTo(Page.SIGNIN)))
						.add(passwordReset(actions, csrf))
						.add(emailLinks(actions))
						.add(emailVerification(actions, csrf))
						.add(RouterFunctions.route()
							.POST("/signout", actions.signout()::handle)
							.filter(csrf.refusingTo(Page.SIGNOUT))
							.build())
						// the provider's own redirect (GET) or form_post (POST): bound to
						// the flow by state, RFC 6749 §10.12
						.GET("/callback/{provider}", actions.callback()::handle)
						.POST("/callback/{provider}", actions.callback()::handle)
						.GET("/signout", actions.signout()::page)
						.GET("/error", actions.error()::handle)
						// a client's log line: changes nothing
						.POST("/_log", actions.log()::handle)
						// authorized by the admin bearer token, never by cookies
						.GET("/admin/users/{userId}/roles", actions.admin()::listRoles)
						.PUT("/admin/users/{userId}/roles/{role}", actions.admin()::grantRole)
						.DELETE("/admin/users/{userId}/roles/{role}", actions.admin()::revokeRole)
						.POST("/admin/users/{userId}/signout", actions.admin()::signOut)
						.POST("/admin/keys/rotate", actions.admin()::rotateKeys)
						// Hasura's auth webhook: Hasura calls it server to server with
						// the client's headers, and it only reads them; no browser form
						// posts here, so no CSRF token comes with it
						.GET("/hasura-webhook", actions.hasuraWebhook()::handle)
						.POST("/hasura-webhook", actions.hasuraWebhook()::handle)
						.GET("/" + AuthUrl.STYLESHEET, actions.stylesheet()::handle)
						.GET("/client.js", actions.client()::handle)
						.GET("/assets/demo.js", actions.demoScript()::handle)
						.route(all(), actions.unknown()::handle))
			.build();
	}

	/**
	 * The forms that sign in or up; e-mail + password first, so its callback is not taken
	 * for a provider's.
	 */
	private static RouterFunction<ServerResponse> signIns(Actions actions) {
		RouterFunctions.Builder routes = RouterFunctions.route();
		actions.credentials()
			.ifPresent(credentials -> routes.POST("/signin/" + CredentialsLogin.PROVIDER, credentials::signinPage)
				.POST("/callback/" + CredentialsLogin.PROVIDER, credentials::signIn)
				// with verification on, sign-up mails a link instead of signing in
				.POST("/signup",
						actions.emailVerification()
							.<HandlerFunction<ServerResponse>>map(verification -> verification::signUp)
							.orElse(credentials::signUp)));
		actions.emailLinks().ifPresent(links -> routes.POST("/signin/" + EmailLinks.PROVIDER, links::signIn));
		return routes.POST("/signin/{provider}", actions.signin()::handle).build();
	}

	/**
	 * Password reset, when it is on: its forms (GET) and their posts, behind the guard.
	 */
	private static RouterFunction<ServerResponse> passwordReset(Actions actions, CsrfGuard csrf) {
		return actions.passwordReset()
			.map(reset -> RouterFunctions.route()
				.GET("/password/forgot", reset::forgotPage)
				.GET("/password/reset", reset::resetPage)
				.add(RouterFunctions.route()
					.POST("/password/forgot", reset::forgot)
					.POST("/password/reset", reset::reset)
					.filter(csrf.refusingTo(Page.SIGNIN))
					.build())
				.build())
			.orElse(request -> Mono.empty());
	}

	/**
	 * Sign-in links, when they are on: the mailed link (before the providers' callback)
	 * and the "check your e-mail" page; the POST that mails a link is among the guarded
	 * sign-ins.
	 */
	private static RouterFunction<ServerResponse> emailLinks(Actions actions) {
		return actions.emailLinks()
			.map(links -> RouterFunctions.route()
				.GET("/callback/" + EmailLinks.PROVIDER, links::callback)
				.GET("/verify-request", links::verifyRequestPage)
				.build())
			.orElse(request -> Mono.empty());
	}

	/**
	 * E-mail verification, when it is on: the mailed link and the pages (GET), and the
	 * post for a new link, behind the guard.
	 */
	private static RouterFunction<ServerResponse> emailVerification(Actions actions, CsrfGuard csrf) {
		return actions.emailVerification()
			.map(verification -> RouterFunctions.route()
				.GET("/verify-email", verification::verify)
				.GET("/verify-email/sent", verification::sentPage)
				.GET("/verify-email/resend", verification::resendPage)
				.add(RouterFunctions.route()
					.POST("/verify-email/resend", verification::resend)
					.filter(csrf.refusingTo(Page.SIGNIN))
					.build())
				.build())
			.orElse(request -> Mono.empty());
	}

	/**
	 * Every action the table maps to.
	 *
	 * @param credentials e-mail + password sign-in and sign-up, when they are on
	 * @param passwordReset password reset by mail, when it is on
	 * @param emailVerification e-mail verification, when it is on
	 * @param emailLinks sign-in links by mail, when they are on
	 */
	public record Actions(SessionAction session, CsrfAction csrf, ProvidersAction providers,
			SigninPageAction signinPage, SigninAction signin, Optional<CredentialsAction> credentials,
			Optional<PasswordResetAction> passwordReset, Optional<EmailVerificationAction> emailVerification,
			CallbackAction callback, SignoutAction signout, ErrorPageAction error, LogAction log, AdminAction admin,
			HasuraWebhookAction hasuraWebhook, JwksAction jwks, AssetAction stylesheet, AssetAction client,
			AssetAction demoScript, UnknownAction unknown, Optional<EmailLinkAction> emailLinks) {
	}

}
