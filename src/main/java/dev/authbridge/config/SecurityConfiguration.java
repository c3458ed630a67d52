package dev.authbridge.config;

import dev.authbridge.web.ApiErrorHandler;
import dev.authbridge.web.ResponseHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Spring Security without its stateful defaults: no WebSession for the security context
 * or saved requests, no form login, no basic auth, and no Spring CSRF filter (the actions
 * check NextAuth's double-submit token themselves). What stays is the security headers on
 * every answer ({@link ResponseHeaders}), with a strict {@link ContentSecurityPolicy}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/**
	 * No observation per security filter: wrapping each filter of every request costs
	 * more than the whole {@code /api/auth/session} work (JFR profile under wrk). The
	 * HTTP server observation still times requests.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** The headers of every answer, whichever path writes it. */
	@Bean
	ResponseHeaders responseHeaders(BridgeSettings settings) {
		return new ResponseHeaders(ContentSecurityPolicy.of(settings), settings.corsOrigins());
	}

	/**
	 * Spring Security's header filter, in its place in the chain, writes its cache
	 * control (for answers that set none, which only WebFlux routes can be) and then
	 * {@link ResponseHeaders}' security headers, in place of its own.
	 */
	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ResponseHeaders responseHeaders) {
		HttpHeaderWriterWebFilter headers = new HttpHeaderWriterWebFilter(new CompositeServerHttpHeadersWriter(
				new CacheControlServerHttpHeadersWriter(), securityHeaders(responseHeaders)));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
			.headers(ServerHttpSecurity.HeaderSpec::disable)
			.addFilterAt(headers, SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
			.build();
	}

	private static ServerHttpHeadersWriter securityHeaders(ResponseHeaders responseHeaders) {
		return exchange -> {
			responseHeaders.security(exchange);
			return Mono.empty();
		};
	}

	/**
	 * A request that Spring Security's firewall refuses (a method such as {@code TRACE},
	 * an encoded {@code /}, {@code .} or NUL, {@code ..} in the path) is a 400 saying
	 * why, like every other client error, not an empty one. The firewall turns it away
	 * before the chain's header filter runs, so the security headers are written here.
	 */
	@Bean
	ServerExchangeRejectedHandler exchangeRejectedHandler(ApiErrorHandler errors, ResponseHeaders responseHeaders) {
		return (exchange, rejected) -> {
			responseHeaders.security(exchange);
			return errors.handle(exchange, new ResponseStatusException(HttpStatus.BAD_REQUEST, rejected.getMessage()));
		};
	}

}
