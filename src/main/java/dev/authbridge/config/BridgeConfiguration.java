package dev.authbridge.config;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.db.Database;
import dev.authbridge.db.RoleStore;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.session.SignOutEverywhere;
import dev.authbridge.user.AccountStates;
import dev.authbridge.web.actions.AdminAction;
import dev.authbridge.web.actions.CredentialsAction;
import dev.authbridge.csrf.CsrfTokens;
import dev.authbridge.devidp.DevIdpRouter;
import dev.authbridge.hasura.HasuraGateway;
import dev.authbridge.hasura.HasuraUserDirectory;
import dev.authbridge.login.FlowCookieSealer;
import dev.authbridge.login.ProviderClients;
import dev.authbridge.login.ProviderLogin;
import dev.authbridge.metrics.SessionMetrics;
import dev.authbridge.metrics.SignInMetrics;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.profile.ProfileMappers;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.UserDirectory;
import dev.authbridge.web.ApiErrorHandler;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.CorsFilter;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.LocalPeersOnly;
import dev.authbridge.web.LoginFailures;
import dev.authbridge.web.PageStylesheet;
import dev.authbridge.web.RequestIds;
import dev.authbridge.web.ResponseHeaders;
import dev.authbridge.web.actions.AssetAction;
import dev.authbridge.web.actions.CallbackAction;
import dev.authbridge.web.actions.CsrfAction;
import dev.authbridge.web.actions.DemoPageAction;
import dev.authbridge.web.actions.ErrorPageAction;
import dev.authbridge.web.actions.LogAction;
import dev.authbridge.web.actions.ProvidersAction;
import dev.authbridge.web.actions.SessionAction;
import dev.authbridge.web.actions.SigninAction;
import dev.authbridge.web.actions.SigninPageAction;
import dev.authbridge.web.actions.SignoutAction;
import dev.authbridge.web.actions.UnknownAction;
import java.nio.charset.StandardCharsets;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The composition root: validated settings in, the {@code /api/auth} routes and their collaborators out.
 *
 * <p>Beans that a deployment setting adds or leaves out ({@code DATABASE_URL}, {@code HASURA_GRAPHQL_ENDPOINT},
 * {@code AUTH_TRUST_HOST}, {@code AUTHBRIDGE_HOT_PATH}) come from the imported {@link BeanRegistrar}s, never from
 * {@code @Conditional…} annotations: Spring AOT evaluates conditions once, when the jar is built, and the shipped
 * image runs with its result, whereas a registrar runs at every start, on the deployment's environment. The
 * registrars are public with a public constructor because AOT-generated code creates them
 * (spring-projects/spring-framework#35803). Settings that only change what a bean does are read from
 * {@link BridgeSettings} where the bean is built, as {@link BridgeSettings#credentials()} is for the e-mail +
 * password routes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AuthProperties.class, HasuraProperties.class, DatabaseProperties.class,
		AccountProperties.class })
@Import({ DatabaseRegistrar.class, HasuraRegistrar.class, ForwardedHeadersRegistrar.class, HotPathRegistrar.class })
class BridgeConfiguration {

	private static final Log logger = LogFactory.getLog(BridgeConfiguration.class);

	@Bean
	static BridgeSettings bridgeSettings(AuthProperties auth, HasuraProperties hasura, DatabaseProperties database,
			AccountProperties accounts, Environment environment) {
		BridgeSettings settings = BridgeSettings.validate(auth, hasura, database, accounts,
				environment::resolveRequiredPlaceholders);
		if (settings.ephemeralSecret()) {
			logger.warn("\n\n  AUTH_SECRET is not set: using a random secret for this local run only.\n"
					+ "  Sessions end when the process stops, and other instances cannot read them.\n"
					+ "  Set AUTH_SECRET (openssl rand -base64 32) for anything beyond a try-out.\n");
		}
		settings.devIdp()
			.ifPresent(idp -> logger.warn("\n\n  Development sign-in is on at " + idp.issuer() + ": a development "
					+ "OIDC provider where anyone signs in as whoever they type.\n"
					+ "  It is for a local try-out only and never runs on https. Configure a real provider (e.g. "
					+ "AUTH_GITHUB_ID) or set AUTH_DEV_PROVIDER=false to turn it off.\n"));
		if (settings.trustHost() && !settings.url().secure()) {
			logger.warn("AUTH_TRUST_HOST is true but AUTH_URL (" + settings.url().home() + ") is http: cookies follow "
					+ "AUTH_URL's scheme, so they are not Secure. Behind a TLS-terminating proxy, set AUTH_URL to the "
					+ "public https URL.");
		}
		if (settings.hasura().isEmpty()) {
			logger.warn("HASURA_GRAPHQL_ENDPOINT is not set: no shadow users are upserted, and sessions carry the "
					+ "provider's ids with the configured roles. Set HASURA_GRAPHQL_ENDPOINT and "
					+ "HASURA_GRAPHQL_ADMIN_SECRET to sync users to Hasura.");
		}
		settings.providers()
			.enabled()
			.stream()
			.filter(provider -> provider.style().contrast() < 4.5)
			.forEach(provider -> logger.warn(provider.source() + ": the style's text and bg have a contrast of "
					+ String.format(Locale.ROOT, "%.1f", provider.style().contrast())
					+ ":1, below the 4.5:1 that people with low vision need (WCAG 1.4.3); choose darker or lighter "
					+ "colours"));
		Set<String> providers = providerIds(settings);
		logger.info("Public URL " + settings.url().home() + "; providers enabled: "
				+ (providers.isEmpty() ? "none" : String.join(", ", providers)));
		return settings;
	}

	/** Every provider id a sign-in can name: the enabled provider files, and credentials when it is on. */
	static Set<String> providerIds(BridgeSettings settings) {
		Set<String> ids = settings.providers()
			.enabled()
			.stream()
			.map(ProviderDefinition::id)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		if (settings.credentials()) {
			ids.add(CredentialsLogin.PROVIDER);
		}
		return ids;
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	SessionTokens sessionTokens(BridgeSettings settings, Clock clock) {
		return new SessionTokens(settings.derivedKey(SessionTokens.KEY_PURPOSE), settings.sessionMaxAge(),
				settings.sessionUpdateAge(), clock);
	}

	@Bean
	SessionRevocations sessionRevocations() {
		return new SessionRevocations();
	}

	/** Granted roles and the session epoch from PostgreSQL when DATABASE_URL is set; none otherwise. */
	@Bean
	SessionIssuer sessionIssuer(SessionTokens sessions, ObjectProvider<AccountStates> states,
			SessionRevocations revocations) {
		return new SessionIssuer(sessions, states.getIfAvailable(() -> AccountStates.NONE), revocations);
	}

	@Bean
	AccessTokens accessTokens(BridgeSettings settings, Clock clock) {
		return new AccessTokens(settings.hasuraJwt(), settings.accessTokenMaxAge(), clock);
	}

	@Bean
	AuthCookies authCookies(BridgeSettings settings) {
		return new AuthCookies(settings.url().secure());
	}

	@Bean
	CsrfCookie csrfCookie(BridgeSettings settings, AuthCookies cookies) {
		return new CsrfCookie(new CsrfTokens(settings.derivedKey("csrf")), cookies);
	}

	@Bean
	AuthBase authBase(BridgeSettings settings) {
		return new AuthBase(settings.url(), settings.trustHost());
	}

	@Bean
	CallbackUrlPolicy callbackUrlPolicy(BridgeSettings settings) {
		return new CallbackUrlPolicy(settings.redirectOrigins());
	}

	/** The WebClient for every call to a provider, with connect and response timeouts. */
	@Bean
	WebClient providerWebClient(WebClient.Builder builder, BridgeSettings settings) {
		Duration timeout = settings.providerTimeout();
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 10_000))
			.responseTimeout(timeout);
		return builder.clone().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	@Bean(destroyMethod = "close")
	ProviderClients providerClients(BridgeSettings settings, WebClient providerWebClient) {
		return new ProviderClients(settings.providers(), settings.url(), providerWebClient, Duration.ofSeconds(1));
	}

	/**
	 * Once the server listens: discovery starts (it waits for the server, since the development provider's issuer is
	 * this very server), then the WebFlux stack is built. Beans are created when first needed
	 * ({@code spring.main.lazy-initialization}), so the server answers the two requests it serves itself
	 * ({@code HotPathRoutes}) before the stack behind every other route exists; building it here, before readiness
	 * turns to accepting traffic, spares the first such request the wait.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void whenReady(ApplicationReadyEvent event) {
		event.getApplicationContext().getBean(ProviderClients.class).startDiscovery();
		event.getApplicationContext().getBean(HttpHandler.class);
	}

	/**
	 * Closes the connections that stall (issue #14), else a client could hold one open for good, and enough clients
	 * the server. Reactor Netty's idle timeout runs from a connection's opening, or the end of its last answer, until
	 * a request's head has been decoded, so it closes a silent connection, a kept-alive one left idle and a head that
	 * stops or trickles in; its request timeout runs from the head until the body's last byte.
	 */
	@Bean
	NettyServerCustomizer connectionTimeouts(BridgeSettings settings) {
		return server -> server.idleTimeout(settings.connections().idleTimeout())
			.requestTimeout(settings.connections().requestReadTimeout());
	}

	/**
	 * The beans created at startup even though the others wait until first needed: the settings, so that a bad one
	 * stops startup with its message (and the warnings about the others are logged then).
	 */
	@Bean
	static LazyInitializationExcludeFilter eagerSettings() {
		return LazyInitializationExcludeFilter.forBeanTypes(BridgeSettings.class);
	}

	@Bean
	ProviderLogin providerLogin(BridgeSettings settings, ProviderClients clients, WebClient providerWebClient,
			Clock clock) {
		return new ProviderLogin(clients, settings.providers(), new ProfileMappers(providerWebClient),
				new FlowCookieSealer(settings.derivedKey("flow"), clock), providerWebClient);
	}

	/**
	 * The shadow-user upsert when Hasura is configured; without it, a profile becomes a session user as it is, with
	 * the configured roles.
	 */
	@Bean
	UserDirectory userDirectory(BridgeSettings settings, ObjectProvider<HasuraGateway> hasura, Clock clock,
			MeterRegistry registry) {
		HasuraGateway gateway = hasura.getIfAvailable();
		if (gateway != null) {
			return new HasuraUserDirectory(gateway, settings.roles(), clock, registry);
		}
		return profile -> Mono.just(new SessionUser(profile.userId(), profile.name(), profile.email(),
				profile.image(), profile.provider(), settings.roles()));
	}

	@Bean
	SessionAction sessionAction(SessionTokens sessions, AccessTokens accessTokens, AuthCookies cookies,
			MeterRegistry registry, SessionRevocations revocations) {
		return new SessionAction(sessions, accessTokens, cookies, new SessionMetrics(registry), revocations);
	}

	@Bean
	CsrfAction csrfAction(CsrfCookie csrf) {
		return new CsrfAction(csrf);
	}

	@Bean
	RouterFunction<ServerResponse> authRoutes(BridgeSettings settings, SessionTokens sessions,
			SessionIssuer issuer, AuthCookies cookies, CsrfCookie csrf, AuthBase base, CallbackUrlPolicy callbackUrls,
			ProviderLogin login, UserDirectory users, MeterRegistry registry, SessionAction session,
			CsrfAction csrfAction, ObjectProvider<CredentialsLogin> credentialsLogin,
			ObjectProvider<SignOutEverywhere> signOutEverywhere, ObjectProvider<RoleStore> roles,
			ProviderClients clients, ObjectProvider<Database> database) {
		ProvidersAction providers = new ProvidersAction(settings.providers(), settings.credentials(), base,
				Mono.when(Mono.defer(clients::attempted),
						Mono.justOrEmpty(database.getIfAvailable()).flatMap(Database::attempted)));
		SigninPageAction signinPage = new SigninPageAction(settings.providers(), settings.credentials(), csrf,
				callbackUrls, base, settings.pages());
		SignInMetrics signIns = new SignInMetrics(registry, providerIds(settings));
		LoginFailures failures = new LoginFailures(cookies, signIns, settings.pages());
		SigninAction signin = new SigninAction(settings.providers(), login, csrf, cookies, callbackUrls, failures,
				base, settings.pages());
		CallbackAction callback = new CallbackAction(login, users, issuer, cookies, failures, base, signIns);
		SignOutEverywhere everywhere = signOutEverywhere.getIfAvailable(() -> SignOutEverywhere.OFF);
		SignoutAction signout = new SignoutAction(csrf, cookies, callbackUrls, base, settings.pages(), sessions,
				everywhere);
		AdminAction admin = new AdminAction(settings.accounts().map(AccountSettings::adminSecret).orElse(null),
				roles.getIfAvailable(), everywhere);
		ErrorPageAction errorPage = new ErrorPageAction(base, settings.pages());
		LogAction log = new LogAction();
		UnknownAction unknown = new UnknownAction();
		AssetAction stylesheet = AssetAction.of(
				PageStylesheet.build(AssetAction.read(AuthUrl.STYLESHEET), settings.providers().enabled()),
				new MediaType("text", "css", StandardCharsets.UTF_8));
		MediaType javascript = new MediaType("text", "javascript", StandardCharsets.UTF_8);
		AssetAction client = AssetAction.of("assets/client.js", javascript);
		AssetAction demoScript = AssetAction.of("assets/demo.js", javascript);
		RouterFunctions.Builder routes = RouterFunctions.route();
		if (settings.credentials()) {
			CredentialsAction action = new CredentialsAction(credentialsLogin.getObject(), issuer, csrf, cookies,
					callbackUrls, failures, base, signIns, settings.pages());
			routes.POST(AuthUrl.API + "/signin/" + CredentialsLogin.PROVIDER, action::signinPage)
				.POST(AuthUrl.API + "/callback/" + CredentialsLogin.PROVIDER, action::signIn)
				.POST(AuthUrl.API + "/signup", action::signUp);
		}
		return routes.path(AuthUrl.API, actions -> actions.GET("/session", session::handle)
				.GET("/csrf", csrfAction::handle)
				.GET("/providers", providers::handle)
				.GET("/signin", signinPage::handle)
				.POST("/signin/{provider}", signin::handle)
				.GET("/callback/{provider}", callback::handle)
				.POST("/callback/{provider}", callback::handle)
				.GET("/signout", signout::page)
				.POST("/signout", signout::handle)
				.GET("/error", errorPage::handle)
				.POST("/_log", log::handle)
				.GET("/admin/users/{userId}/roles", admin::listRoles)
				.PUT("/admin/users/{userId}/roles/{role}", admin::grantRole)
				.DELETE("/admin/users/{userId}/roles/{role}", admin::revokeRole)
				.POST("/admin/users/{userId}/signout", admin::signOut)
				.GET("/" + AuthUrl.STYLESHEET, stylesheet::handle)
				.GET("/client.js", client::handle)
				.GET("/assets/demo.js", demoScript::handle)
				.route(RequestPredicates.all(), unknown::handle))
			.build();
	}

	/**
	 * The development provider under {@code /dev-idp} when it is on, for peers on this machine only; otherwise a
	 * router that matches nothing.
	 */
	@Bean
	RouterFunction<ServerResponse> devIdpRoutes(BridgeSettings settings, Clock clock) {
		return settings.devIdp()
			.map(idp -> DevIdpRouter.routes(idp, settings.derivedKey("dev-idp"), clock).filter(new LocalPeersOnly()))
			.orElse(request -> Mono.empty());
	}

	/** The demo page at {@code /}, only in a development run (the development provider is on), for this machine. */
	@Bean
	RouterFunction<ServerResponse> demoRoutes(BridgeSettings settings, AuthBase base) {
		return settings.devIdp()
			.map(idp -> RouterFunctions.route()
				.GET("/", new DemoPageAction(base,
						settings.hasura().map(hasura -> hasura.endpoint().toString()).orElse(null))::handle)
				.filter(new LocalPeersOnly())
				.build())
			.orElse(request -> Mono.empty());
	}

	/** CORS for the SPAs in AUTH_CORS_ORIGINS; with none listed, every cross-origin preflight is refused. */
	@Bean
	CorsFilter corsFilter(ResponseHeaders headers) {
		return new CorsFilter(headers);
	}

	@Bean
	RequestIds requestIds() {
		return new RequestIds();
	}

	@Bean
	@Order(-2)
	ApiErrorHandler apiErrorHandler() {
		return new ApiErrorHandler();
	}

}
