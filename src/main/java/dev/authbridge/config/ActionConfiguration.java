package dev.authbridge.config;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.EmailLinks;
import dev.authbridge.credentials.MailedTokens;
import dev.authbridge.credentials.EmailVerification;
import dev.authbridge.credentials.PasswordReset;
import dev.authbridge.db.Database;
import dev.authbridge.db.RoleStore;
import dev.authbridge.db.SigningKeyRotation;
import dev.authbridge.login.ProviderClients;
import dev.authbridge.login.ProviderLogin;
import dev.authbridge.metrics.SessionMetrics;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.KeyRing;
import dev.authbridge.session.ReusedAccessTokens;
import dev.authbridge.session.LiveSessions;
import dev.authbridge.session.SessionEndings;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.session.SignOutEverywhere;
import dev.authbridge.user.UserDirectory;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.CsrfGuard;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.PageStylesheet;
import dev.authbridge.web.actions.AdminAction;
import dev.authbridge.web.actions.AssetAction;
import dev.authbridge.web.actions.AuthRoutes;
import dev.authbridge.web.actions.CallbackAction;
import dev.authbridge.web.actions.CredentialsAction;
import dev.authbridge.web.actions.CsrfAction;
import dev.authbridge.web.actions.EmailLinkAction;
import dev.authbridge.web.actions.EmailVerificationAction;
import dev.authbridge.web.actions.ErrorPageAction;
import dev.authbridge.web.actions.HasuraWebhookAction;
import dev.authbridge.web.actions.JwksAction;
import dev.authbridge.web.actions.LogAction;
import dev.authbridge.web.actions.PasswordResetAction;
import dev.authbridge.web.actions.ProvidersAction;
import dev.authbridge.web.actions.SessionAction;
import dev.authbridge.web.actions.SigninAction;
import dev.authbridge.web.actions.SigninPageAction;
import dev.authbridge.web.actions.SignoutAction;
import dev.authbridge.web.actions.UnknownAction;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The {@code /api/auth} actions, one bean each, built from the settings and
 * collaborators, and the route table ({@link AuthRoutes}) that maps requests to them.
 * Optional collaborators (PostgreSQL's, when {@code DATABASE_URL} is set) come in as
 * {@link ObjectProvider}s, as the registrars that add them decide at every start.
 */
@Configuration(proxyBeanMethods = false)
class ActionConfiguration {

	private static final MediaType CSS = new MediaType("text", "css", StandardCharsets.UTF_8);

	private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	@Bean
	RouterFunction<ServerResponse> authRoutes(AuthRoutes.Actions actions, CsrfGuard csrf) {
		return AuthRoutes.of(actions, csrf);
	}

	@Bean
	CsrfGuard csrfGuard(CsrfCookie csrf, AuthBase base, BridgeSettings settings) {
		return new CsrfGuard(csrf, base, settings.pages());
	}

	@Bean
	AuthRoutes.Actions actions(SessionAction session, CsrfAction csrf, ProvidersAction providers,
			SigninPageAction signinPage, SigninAction signin, CallbackAction callback, SignoutAction signout,
			HasuraWebhookAction hasuraWebhook, BridgeSettings settings, AuthBase base, ObjectProvider<RoleStore> roles,
			ObjectProvider<SignOutEverywhere> everywhere, ObjectProvider<CredentialsAction> credentials, KeyRing keys,
			ObjectProvider<SigningKeyRotation> rotation, ObjectProvider<PasswordResetAction> passwordReset,
			ObjectProvider<EmailVerificationAction> emailVerification, CsrfCookie csrfCookie,
			ObjectProvider<EmailLinkAction> emailLinks) {
		boolean verification = settings.emailVerification().on();
		return new AuthRoutes.Actions(session, csrf, providers, signinPage, signin,
				settings.credentials() ? Optional.of(credentials.getObject()) : Optional.empty(),
				settings.passwordReset() ? Optional.of(passwordReset.getObject()) : Optional.empty(),
				verification ? Optional.of(emailVerification.getObject()) : Optional.empty(), callback, signout,
				new ErrorPageAction(base, settings.pages(), verification ? csrfCookie : null), new LogAction(),
				new AdminAction(settings.accounts().map(AccountSettings::adminSecret).orElse(null),
						roles.getIfAvailable(), everywhere.getIfAvailable(() -> SignOutEverywhere.OFF),
						settings.keyRotation().isPresent() ? rotation.getObject() : null),
				hasuraWebhook, new JwksAction(settings.asymmetric() ? keys : null, settings.jwksMaxAge()),
				AssetAction.of(
						PageStylesheet.build(AssetAction.read(AuthUrl.STYLESHEET), settings.providers().enabled()),
						CSS),
				AssetAction.of("assets/client.js", JAVASCRIPT), AssetAction.of("assets/demo.js", JAVASCRIPT),
				new UnknownAction(), settings.emailLinks() ? Optional.of(emailLinks.getObject()) : Optional.empty());
	}

	@Bean
	SessionAction sessionAction(SessionTokens sessions, LiveSessions live, AccessTokens accessTokens,
			ReusedAccessTokens reused, AuthCookies cookies, MeterRegistry registry) {
		return new SessionAction(sessions, live, accessTokens, reused, cookies, new SessionMetrics(registry));
	}

	/**
	 * Hasura's auth webhook: the session check of {@link #sessionAction}, answered as
	 * Hasura's session variables.
	 */
	@Bean
	HasuraWebhookAction hasuraWebhookAction(BridgeSettings settings, LiveSessions sessions, AccessTokens accessTokens,
			AuthCookies cookies, SessionRevocations revocations, Clock clock) {
		return new HasuraWebhookAction(sessions, accessTokens, cookies.sessionName(), revocations,
				settings.anonymousRole().orElse(null), settings.webhookMaxAge(), clock);
	}

	@Bean
	CsrfAction csrfAction(CsrfCookie csrf) {
		return new CsrfAction(csrf);
	}

	/**
	 * Answers once the startup work behind the providers (discovery, migrations) has had
	 * its first attempt.
	 */
	@Bean
	ProvidersAction providersAction(BridgeSettings settings, AuthBase base, ProviderClients clients,
			ObjectProvider<Database> database) {
		return new ProvidersAction(settings.providers(), settings.credentials(), settings.emailLinks(), base,
				Mono.when(Mono.defer(clients::attempted),
						Mono.justOrEmpty(database.getIfAvailable()).flatMap(Database::attempted)));
	}

	@Bean
	SigninPageAction signinPageAction(BridgeSettings settings, CsrfCookie csrf, CallbackUrlPolicy callbackUrls,
			AuthBase base) {
		return new SigninPageAction(settings.providers(), settings.credentials(), settings.passwordReset(),
				settings.emailLinks(), csrf, callbackUrls, base, settings.pages());
	}

	@Bean
	SigninAction signinAction(BridgeSettings settings, ProviderLogin login, AuthCookies cookies,
			CallbackUrlPolicy callbackUrls, LoginFailures failures, AuthBase base) {
		return new SigninAction(settings.providers(), login, cookies, callbackUrls, failures, base, settings.pages());
	}

	@Bean
	CallbackAction callbackAction(ProviderLogin login, UserDirectory users, SessionIssuer issuer, AuthCookies cookies,
			LoginFailures failures, AuthBase base, SignInMetrics signIns) {
		return new CallbackAction(login, users, issuer, cookies, failures, base, signIns);
	}

	/**
	 * E-mail + password: asked for only when {@link BridgeSettings#credentials()}, as its
	 * login needs PostgreSQL.
	 */
	@Bean
	CredentialsAction credentialsAction(BridgeSettings settings, ObjectProvider<CredentialsLogin> login,
			SessionIssuer issuer, AuthCookies cookies, CallbackUrlPolicy callbackUrls, LoginFailures failures,
			AuthBase base, SignInMetrics signIns) {
		return new CredentialsAction(login.getObject(), issuer, cookies, callbackUrls, failures, base, signIns,
				settings.pages());
	}

	/**
	 * Password reset: asked for only when {@link BridgeSettings#passwordReset()}, as it
	 * needs PostgreSQL and somewhere for mail to go.
	 */
	@Bean
	PasswordResetAction passwordResetAction(BridgeSettings settings, ObjectProvider<PasswordReset> reset,
			CsrfCookie csrf, LoginFailures failures, AuthBase base) {
		return new PasswordResetAction(reset.getObject(), csrf, failures, base, settings.pages());
	}

	/**
	 * Sign-in links: asked for only when {@link BridgeSettings#emailLinks()}, as they
	 * need PostgreSQL and somewhere for mail to go.
	 */
	@Bean
	EmailLinkAction emailLinkAction(BridgeSettings settings, ObjectProvider<EmailLinks> links, SessionIssuer issuer,
			AuthCookies cookies, CallbackUrlPolicy callbackUrls, LoginFailures failures, AuthBase base,
			SignInMetrics signIns) {
		return new EmailLinkAction(links.getObject(), issuer, cookies, callbackUrls, failures, base, signIns,
				settings.pages(), MailedTokens.readable(settings.accounts().orElseThrow().email().linkMaxAge()));
	}

	/**
	 * E-mail verification: asked for only when {@link BridgeSettings#emailVerification()}
	 * is on, as it needs PostgreSQL and mail.
	 */
	@Bean
	EmailVerificationAction emailVerificationAction(BridgeSettings settings,
			ObjectProvider<EmailVerification> verification, SessionIssuer issuer, AuthCookies cookies, CsrfCookie csrf,
			CallbackUrlPolicy callbackUrls, LoginFailures failures, AuthBase base, SignInMetrics signIns) {
		return new EmailVerificationAction(verification.getObject(), issuer, cookies, csrf, callbackUrls, failures,
				base, settings.pages(), signIns);
	}

	@Bean
	SignoutAction signoutAction(BridgeSettings settings, CsrfCookie csrf, AuthCookies cookies,
			CallbackUrlPolicy callbackUrls, AuthBase base, SessionTokens sessions, SessionRevocations revocations,
			ObjectProvider<SignOutEverywhere> everywhere, ObjectProvider<SessionEndings> endings) {
		return new SignoutAction(csrf, cookies, callbackUrls, base, settings.pages(), sessions,
				everywhere.getIfAvailable(() -> SignOutEverywhere.OFF),
				endings.getIfAvailable(() -> SessionEndings.local(revocations)));
	}

	@Bean
	SignInMetrics signInMetrics(MeterRegistry registry, BridgeSettings settings) {
		return new SignInMetrics(registry, BridgeConfiguration.providerIds(settings));
	}

	@Bean
	LoginFailures loginFailures(AuthCookies cookies, SignInMetrics signIns, BridgeSettings settings) {
		return new LoginFailures(cookies, signIns, settings.pages());
	}

}
