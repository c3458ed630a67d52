package dev.authbridge.config;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.EmailLinks;
import dev.authbridge.csrf.CsrfTokens;
import dev.authbridge.devidp.DevIdpRouter;
import dev.authbridge.hasura.HasuraGateway;
import dev.authbridge.hasura.HasuraProxyGateway;
import dev.authbridge.hasura.HasuraSocketGateway;
import dev.authbridge.hasura.HasuraUserDirectory;
import dev.authbridge.login.FlowCookieSealer;
import dev.authbridge.login.ProviderClients;
import dev.authbridge.login.ProviderLogin;
import dev.authbridge.mail.DevOutbox;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.profile.ProfileMappers;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.redirect.CallbackUrlPolicy;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.KeyRing;
import dev.authbridge.session.LiveSessions;
import dev.authbridge.session.ReusedAccessTokens;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.user.AccountStates;
import dev.authbridge.user.UserDirectory;
import dev.authbridge.web.ApiErrorHandler;
import dev.authbridge.web.AuthBase;
import dev.authbridge.web.CorsFilter;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.LocalPeersOnly;
import dev.authbridge.web.ProxyOrigins;
import dev.authbridge.web.RequestIds;
import dev.authbridge.web.ResponseHeaders;
import dev.authbridge.web.actions.DemoPageAction;
import dev.authbridge.web.actions.DevOutboxAction;
import dev.authbridge.web.actions.GraphQlProxyAction;
import dev.authbridge.web.actions.GraphQlProxyRules;
import dev.authbridge.web.socket.GraphQlSocketAction;
import dev.authbridge.web.socket.OpenSockets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
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
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The composition root: validated settings in, the {@code /api/auth} routes and their
 * collaborators out.
 *
 * <p>
 * Beans that a deployment setting adds or leaves out ({@code DATABASE_URL},
 * {@code HASURA_GRAPHQL_ENDPOINT}, {@code AUTH_TRUST_HOST}, {@code AUTHBRIDGE_HOT_PATH})
 * come from the imported {@link BeanRegistrar}s, never from {@code @Conditional…}
 * annotations: Spring AOT evaluates conditions once, when the jar is built, and the
 * shipped image runs with its result, whereas a registrar runs at every start, on the
 * deployment's environment. The registrars are public with a public constructor because
 * AOT-generated code creates them (spring-projects/spring-framework#35803). Settings that
 * only change what a bean does are read from {@link BridgeSettings} where the bean is
 * built, as {@link BridgeSettings#credentials()} is for the e-mail + password routes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AuthProperties.class, HasuraProperties.class, DatabaseProperties.class,
		AccountProperties.class })
@Import({ ActionConfiguration.class, DatabaseRegistrar.class, HasuraRegistrar.class, ForwardedHeadersRegistrar.class,
		HotPathRegistrar.class })
class BridgeConfiguration {

	@Bean
	static BridgeSettings bridgeSettings(AuthProperties auth, HasuraProperties hasura, DatabaseProperties database,
			AccountProperties accounts, Environment environment) {
		BridgeSettings settings = BridgeSettings.validate(auth, hasura, database, accounts,
				environment::resolveRequiredPlaceholders);
		StartupReport.log(settings, providerIds(settings));
		return settings;
	}

	/**
	 * Every provider id a sign-in can name: the enabled provider files, and credentials
	 * when it is on.
	 */
	static Set<String> providerIds(BridgeSettings settings) {
		Set<String> ids = settings.providers()
			.enabled()
			.stream()
			.map(ProviderDefinition::id)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		if (settings.credentials()) {
			ids.add(CredentialsLogin.PROVIDER);
		}
		if (settings.emailLinks()) {
			ids.add(EmailLinks.PROVIDER);
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

	/** The session cookie check of the auth webhook and the GraphQL proxy. */
	@Bean
	LiveSessions liveSessions(SessionTokens sessions, SessionRevocations revocations) {
		return new LiveSessions(sessions, revocations);
	}

	/**
	 * Granted roles and the session epoch from PostgreSQL when DATABASE_URL is set; none
	 * otherwise.
	 */
	@Bean
	SessionIssuer sessionIssuer(SessionTokens sessions, ObjectProvider<AccountStates> states,
			SessionRevocations revocations) {
		return new SessionIssuer(sessions, states.getIfAvailable(() -> AccountStates.NONE), revocations);
	}

	/**
	 * The key pairs access tokens are signed with: the static one, or none until the
	 * generated ones are loaded from PostgreSQL; none with a shared (HMAC) key.
	 */
	@Bean
	KeyRing keyRing(BridgeSettings settings) {
		// a request before the generated keys are loaded waits at most a database timeout
		return settings.accessTokenKey()
			.map(KeyRing::of)
			.orElseGet(() -> KeyRing
				.empty(settings.accounts().map(accounts -> accounts.database().timeout()).orElse(Duration.ZERO)));
	}

	@Bean
	AccessTokens accessTokens(BridgeSettings settings, KeyRing keys, Clock clock) {
		return new AccessTokens(settings.hasuraJwt(), settings.asymmetric() ? keys : null, settings.accessTokenMaxAge(),
				clock);
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
	 * Once the server listens: discovery starts (it waits for the server, since the
	 * development provider's issuer is this very server), then the WebFlux stack is
	 * built. Beans are created when first needed
	 * ({@code spring.main.lazy-initialization}), so the server answers the two requests
	 * it serves itself ({@code HotPathRoutes}) before the stack behind every other route
	 * exists; building it here, before readiness turns to accepting traffic, spares the
	 * first such request the wait.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void whenReady(ApplicationReadyEvent event) {
		event.getApplicationContext().getBean(ProviderClients.class).startDiscovery();
		event.getApplicationContext().getBean(HttpHandler.class);
	}

	/**
	 * Closes the connections that stall (issue #14), else a client could hold one open
	 * for good, and enough clients the server. Reactor Netty's idle timeout runs from a
	 * connection's opening, or the end of its last answer, until a request's head has
	 * been decoded, so it closes a silent connection, a kept-alive one left idle and a
	 * head that stops or trickles in; its read timeout closes a body that stops coming.
	 * Not its request timeout: in Reactor Netty 1.3.8 that timer keeps every request it
	 * was armed for until it fires, and at tens of thousands of /session requests a
	 * second the heap filled within a minute.
	 */
	@Bean
	NettyServerCustomizer connectionTimeouts(BridgeSettings settings) {
		return server -> server.idleTimeout(settings.connections().idleTimeout())
			.readTimeout(settings.connections().requestReadTimeout());
	}

	/**
	 * The beans created at startup even though the others wait until first needed: the
	 * settings, so that a bad one stops startup with its message (and the warnings about
	 * the others are logged then).
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
	 * The shadow-user upsert when Hasura is configured; without it, a profile becomes a
	 * session user as it is, with the configured roles.
	 */
	@Bean
	UserDirectory userDirectory(BridgeSettings settings, ObjectProvider<HasuraGateway> hasura, Clock clock,
			MeterRegistry registry) {
		HasuraGateway gateway = hasura.getIfAvailable();
		return gateway != null ? new HasuraUserDirectory(gateway, settings.roles(), clock, registry)
				: UserDirectory.asIs(settings.roles());
	}

	/**
	 * The development provider under {@code /dev-idp} when it is on, for peers on this
	 * machine only; otherwise a router that matches nothing.
	 */
	@Bean
	RouterFunction<ServerResponse> devIdpRoutes(BridgeSettings settings, Clock clock) {
		return settings.devIdp()
			.map(idp -> DevIdpRouter.routes(idp, settings.derivedKey("dev-idp"), clock).filter(new LocalPeersOnly()))
			.orElse(request -> Mono.empty());
	}

	/**
	 * The development outbox at {@code /dev-outbox} when mail stays in it
	 * ({@link BridgeSettings#devOutbox()}), for peers on this machine only; otherwise a
	 * router that matches nothing.
	 */
	@Bean
	RouterFunction<ServerResponse> devOutboxRoutes(BridgeSettings settings,
			@Qualifier("devOutbox") ObjectProvider<DevOutbox> outbox) {
		if (!settings.devOutbox()) {
			return request -> Mono.empty();
		}
		return RouterFunctions.route()
			.GET(DatabaseRegistrar.DEV_OUTBOX, new DevOutboxAction(outbox.getObject(), settings.url())::handle)
			.filter(new LocalPeersOnly())
			.build();
	}

	/**
	 * The demo page at {@code /}, only in a development run (the development provider is
	 * on), for this machine.
	 */
	@Bean
	RouterFunction<ServerResponse> demoRoutes(BridgeSettings settings, AuthBase base) {
		return settings.devIdp()
			.map(idp -> RouterFunctions.route()
				.GET("/",
						new DemoPageAction(base,
								settings.hasura().map(hasura -> hasura.endpoint().toString()).orElse(null))::handle)
				.filter(new LocalPeersOnly())
				.build())
			.orElse(request -> Mono.empty());
	}

	/**
	 * The same-origin GraphQL proxy at {@code /v1/graphql} when AUTH_HASURA_PROXY is
	 * true; otherwise a router that matches nothing. Most POSTs are answered ahead of
	 * WebFlux ({@code HotPathRoutes}), under the same rules.
	 */
	@Bean
	RouterFunction<ServerResponse> graphQlProxyRoutes(BridgeSettings settings, LiveSessions sessions,
			AccessTokens accessTokens, SessionRevocations revocations, OpenSockets sockets, AuthCookies cookies,
			ObjectProvider<GraphQlProxyRules> rules, Clock clock) {
		return settings.graphQlProxy().map(proxy -> {
			GraphQlProxyRules proxyRules = rules.getObject();
			return RouterFunctions.route()
				.POST(AuthUrl.GRAPHQL, new GraphQlProxyAction(proxyRules)::handle)
				.route(GraphQlSocketAction.UPGRADE,
						new GraphQlSocketAction(sessions, cookies.sessionName(), proxyRules.origins(),
								new HasuraSocketGateway(proxy.upstream().endpoint(), proxy.timeout()), accessTokens,
								revocations, sockets, proxy.timeout(), proxy.maxBody(),
								settings.connections().idleTimeout(), proxy.maxSockets(), clock)::handle)
				.build();
		}).orElse(request -> Mono.empty());
	}

	/**
	 * The GraphQL proxy's rules and its connections to Hasura, when AUTH_HASURA_PROXY is
	 * true: asked for by the routes only then.
	 */
	@Bean
	GraphQlProxyRules graphQlProxyRules(BridgeSettings settings, ReusedAccessTokens accessTokens, AuthCookies cookies,
			AuthBase base, HasuraProxyGateway hasuraProxyGateway) {
		GraphQlProxy proxy = settings.graphQlProxy().orElseThrow();
		return new GraphQlProxyRules(accessTokens, cookies.sessionName(),
				new ProxyOrigins(base, settings.corsOrigins()), hasuraProxyGateway, proxy.maxBody());
	}

	/**
	 * The access tokens of {@code /api/auth/session} and the GraphQL proxy, one per
	 * session cookie while half its life is left.
	 */
	@Bean
	ReusedAccessTokens reusedAccessTokens(BridgeSettings settings, LiveSessions sessions, AccessTokens accessTokens,
			Clock clock) {
		return new ReusedAccessTokens(sessions, accessTokens, settings.accessTokenMaxAge(), clock);
	}

	/**
	 * The GraphQL proxy's pool of connections to Hasura, closed with the context; those
	 * in use are counted by {@code authbridge_graphql_upstream_connections}.
	 */
	@Bean
	HasuraProxyGateway hasuraProxyGateway(BridgeSettings settings, MeterRegistry registry) {
		GraphQlProxy proxy = settings.graphQlProxy().orElseThrow();
		HasuraProxyGateway gateway = new HasuraProxyGateway(proxy.upstream().endpoint(), proxy.timeout());
		Gauge.builder("authbridge.graphql.upstream.connections", gateway, HasuraProxyGateway::connectionsInUse)
			.description("Connections to Hasura the same-origin GraphQL proxy holds for POSTs in flight")
			.register(registry);
		return gateway;
	}

	/**
	 * The proxy's open WebSockets, closed when their session is revoked, counted by
	 * {@code authbridge_graphql_sockets}.
	 */
	@Bean
	OpenSockets openSockets(SessionRevocations revocations, MeterRegistry registry) {
		OpenSockets sockets = new OpenSockets(revocations);
		Gauge.builder("authbridge.graphql.sockets", sockets, OpenSockets::count)
			.description("Client WebSockets open on the same-origin GraphQL proxy")
			.register(registry);
		return sockets;
	}

	/**
	 * Tells the proxy's WebSocket clients to reconnect elsewhere (1001) as the server
	 * stops, before its graceful shutdown, which would otherwise wait its whole timeout
	 * on them.
	 */
	@Bean
	SmartLifecycle openSocketsShutdown(OpenSockets sockets) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				this.running = true;
			}

			@Override
			public void stop() {
				this.running = false;
				sockets.goAway();
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

		};
	}

	/**
	 * CORS for the SPAs in AUTH_CORS_ORIGINS; with none listed, every cross-origin
	 * preflight is refused.
	 */
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
