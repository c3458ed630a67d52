package dev.authbridge.login;

import dev.authbridge.user.SignInFailure.ErrorCode;
import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderDefinition.ProviderType;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.startup.BackgroundWork;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The Spring Security {@link ClientRegistration} of every enabled provider. OAuth
 * providers are ready at once; OIDC providers are discovered in the background (OIDC
 * Discovery §4) with retries and backoff, so an IdP that is briefly down neither stops
 * startup nor the other providers. A sign-in or callback that needs a provider whose
 * first discovery is still in flight waits for it (at most the provider timeout): a
 * callback for a flow another instance began succeeds on a fresh one. Once an attempt has
 * failed, sign-in with that provider fails at once with {@code provider_unavailable}
 * until a retry succeeds.
 */
public final class ProviderClients implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ProviderClients.class);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final Map<String, ClientRegistration> ready = new HashMap<>();

	private final Map<String, BackgroundWork<ClientRegistration>> discoveries = new HashMap<>();

	private final ProviderRegistry providers;

	private final AuthUrl redirectBase;

	/**
	 * Builds the OAuth registrations; the OIDC ones follow from
	 * {@link #startDiscovery()}.
	 * @param redirectBase where callbacks arrive:
	 * {@code <AUTH_URL>/api/auth/callback/<id>}
	 * @param retryFirstBackoff first wait before retrying a failed discovery, doubled up
	 * to a minute
	 */
	public ProviderClients(ProviderRegistry providers, AuthUrl redirectBase, WebClient web,
			Duration retryFirstBackoff) {
		this.providers = providers;
		this.redirectBase = redirectBase;
		for (ProviderDefinition provider : providers.enabled()) {
			if (provider.type() == ProviderType.OIDC) {
				this.discoveries.put(provider.id(),
						new BackgroundWork<>(discover(provider, redirectUri(provider), web),
								Retry.backoff(Long.MAX_VALUE, retryFirstBackoff).maxBackoff(Duration.ofMinutes(1)),
								failure -> logger.warn("OIDC discovery for provider " + provider.id() + " at "
										+ provider.issuer() + " failed (" + failure.getMessage()
										+ "); sign-in with it answers provider_unavailable until it succeeds")));
			}
			else {
				this.ready.put(provider.id(),
						common(ClientRegistration.withRegistrationId(provider.id()), provider, redirectUri(provider))
							.authorizationUri(provider.authorizationUri())
							.tokenUri(provider.tokenUri())
							.userInfoUri(provider.userInfoUri())
							.userNameAttributeName("id")
							.build());
			}
		}
	}

	/**
	 * Starts discovering every OIDC provider in the background. Called once the server
	 * listens, so that an issuer served by the bridge itself (the development provider)
	 * answers at the first attempt; a request that needs a provider before then starts
	 * its discovery itself.
	 */
	public void startDiscovery() {
		this.discoveries.values().forEach(BackgroundWork::start);
	}

	/**
	 * Completes once every OIDC provider's first discovery attempt is over, found or not.
	 */
	public Mono<Void> attempted() {
		return Mono.when(this.discoveries.values().stream().map(BackgroundWork::attempted).toList());
	}

	private String redirectUri(ProviderDefinition provider) {
		return this.redirectBase.action("callback/" + provider.id());
	}

	/**
	 * The registration of enabled provider {@code id}, failing with the reason when it
	 * cannot be used now.
	 */
	public Mono<ClientRegistration> find(String id, ErrorCode code) {
		Optional<ProviderDefinition> provider = this.providers.find(id);
		if (provider.isEmpty()) {
			return Mono.error(new SignInFailure(code, Reason.UNKNOWN_PROVIDER));
		}
		ClientRegistration registration = this.ready.get(id);
		if (registration != null) {
			return Mono.just(registration);
		}
		return this.discoveries.get(id)
			.get()
			.switchIfEmpty(Mono.error(() -> new SignInFailure(code, Reason.PROVIDER_UNAVAILABLE)));
	}

	private static Mono<ClientRegistration> discover(ProviderDefinition provider, String redirectUri, WebClient web) {
		String issuer = provider.issuer().endsWith("/") ? provider.issuer().substring(0, provider.issuer().length() - 1)
				: provider.issuer();
		return web.get()
			.uri(issuer + "/.well-known/openid-configuration")
			.retrieve()
			.bodyToMono(JSON_OBJECT)
			.map(metadata -> {
				// OIDC Discovery §4.3: the metadata must be for the issuer asked about;
				// Auth0's ends in '/', so
				// compare without a trailing slash and then use the issuer exactly as the
				// IdP states it.
				Object stated = metadata.get("issuer");
				if (!(stated instanceof String s) || !s.replaceAll("/$", "").equals(issuer)) {
					throw new IllegalStateException("the discovery document names issuer " + stated);
				}
				return common(ClientRegistrations.fromOidcConfiguration(metadata).registrationId(provider.id()),
						provider, redirectUri)
					.build();
			})
			.doOnNext(registration -> logger
				.info("OIDC provider " + provider.id() + " discovered at " + provider.issuer()));
	}

	private static ClientRegistration.Builder common(ClientRegistration.Builder builder, ProviderDefinition provider,
			String redirectUri) {
		return builder.clientId(provider.clientId())
			.clientSecret(provider.clientSecret())
			.clientAuthenticationMethod(new ClientAuthenticationMethod(provider.clientAuthenticationMethod()))
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(redirectUri)
			.scope(provider.scopes())
			.clientName(provider.name());
	}

	@Override
	public void close() {
		this.discoveries.values().forEach(BackgroundWork::stop);
	}

}
