package dev.authbridge.login;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * ID token decoders per provider: signature checked against the provider's JWKS (fetched
 * through the bridge's WebClient, so with its timeouts), then {@code iss}, {@code aud},
 * {@code azp}, {@code exp} and {@code iat} (OIDC Core §3.1.3.7); the nonce is checked by
 * Spring Security's OIDC authentication manager. Spring's own factory cannot be given a
 * WebClient, hence this one.
 */
final class IdTokenDecoders implements ReactiveJwtDecoderFactory<ClientRegistration> {

	private final Map<String, ReactiveJwtDecoder> decoders = new ConcurrentHashMap<>();

	private final WebClient web;

	IdTokenDecoders(WebClient web) {
		this.web = web;
	}

	@Override
	public ReactiveJwtDecoder createDecoder(ClientRegistration registration) {
		return this.decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
			NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
				.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
				.webClient(this.web)
				.build();
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
					new OidcIdTokenValidator(registration)));
			decoder.setClaimSetConverter(MappedJwtClaimSetConverter
				.withDefaults(ReactiveOidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
			return decoder;
		});
	}

}
