package dev.authbridge.config;

import dev.authbridge.web.ApiErrorHandler;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentSecurityPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ResponseStatusException;

/**
 * Spring Security without its stateful defaults: no WebSession for the security context or saved requests, no form
 * login, no basic auth, and no Spring CSRF filter (the actions check NextAuth's double-submit token themselves). What
 * stays is the security headers on every answer, with a strict {@link ContentSecurityPolicy}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/**
	 * No observation per security filter: wrapping each filter of every request costs more than the whole
	 * {@code /api/auth/session} work (JFR profile under wrk). The HTTP server observation still times requests.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, BridgeSettings settings) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
			.headers(headers -> headers.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.contentSecurityPolicy(csp -> csp.policyDirectives(ContentSecurityPolicy.of(settings))))
			.build();
	}

	/**
	 * The headers the chain above writes on every answer to a plain-http request, in its order, for the routes that
	 * answer ahead of it ({@code HotPathRoutes}; {@code HotPathRoutesTests} holds the two equal). Over https Spring
	 * Security adds {@code Strict-Transport-Security}, which is why those routes leave https requests to the chain.
	 */
	static List<String[]> plainHttpHeaders(BridgeSettings settings) {
		return List.of(new String[] { "X-Content-Type-Options", "nosniff" },
				new String[] { "X-Frame-Options", "DENY" }, new String[] { "X-XSS-Protection", "0" },
				new String[] { "Content-Security-Policy", ContentSecurityPolicy.of(settings) },
				new String[] { "Referrer-Policy", "no-referrer" });
	}

	/**
	 * A request that Spring Security's firewall refuses (a method such as {@code TRACE}, an encoded {@code /},
	 * {@code .} or NUL, {@code ..} in the path) is a 400 saying why, like every other client error, not an empty one.
	 * The firewall turns it away before the chain's header filter runs, so the security headers are written here.
	 */
	@Bean
	ServerExchangeRejectedHandler exchangeRejectedHandler(ApiErrorHandler errors, BridgeSettings settings) {
		ReferrerPolicyServerHttpHeadersWriter referrer = new ReferrerPolicyServerHttpHeadersWriter();
		referrer.setPolicy(ReferrerPolicy.NO_REFERRER);
		ContentSecurityPolicyServerHttpHeadersWriter csp = new ContentSecurityPolicyServerHttpHeadersWriter();
		csp.setPolicyDirectives(ContentSecurityPolicy.of(settings));
		ServerHttpHeadersWriter headers = new CompositeServerHttpHeadersWriter(
				new ContentTypeOptionsServerHttpHeadersWriter(), new XFrameOptionsServerHttpHeadersWriter(), referrer,
				csp);
		return (exchange, rejected) -> headers.writeHttpHeaders(exchange)
			.then(errors.handle(exchange, new ResponseStatusException(HttpStatus.BAD_REQUEST, rejected.getMessage())));
	}

}
