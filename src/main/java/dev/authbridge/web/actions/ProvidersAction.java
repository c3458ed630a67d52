package dev.authbridge.web.actions;

import dev.authbridge.credentials.CredentialsLogin;
import dev.authbridge.credentials.EmailLinks;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.web.AuthBase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/providers}: every enabled provider, keyed by id, as NextAuth's
 * {@code getProviders()} reads; e-mail + password as NextAuth lists a credentials
 * provider, and sign-in links as NextAuth lists its email provider, when they are on. On
 * a new instance it answers once the startup work behind the providers (OIDC discovery,
 * migrations) has had its first attempt, so that a client that acts on the list at once
 * is not the one to wait.
 */
public final class ProvidersAction {

	private final ProviderRegistry providers;

	private final boolean credentials;

	private final boolean emailLinks;

	private final AuthBase base;

	private final Mono<Void> startupWork;

	/**
	 * @param startupWork completes when the first attempts of the startup work have ended
	 */
	public ProvidersAction(ProviderRegistry providers, boolean credentials, boolean emailLinks, AuthBase base,
			Mono<Void> startupWork) {
		this.providers = providers;
		this.credentials = credentials;
		this.emailLinks = emailLinks;
		this.base = base;
		this.startupWork = startupWork;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		Map<String, Object> body = new LinkedHashMap<>();
		for (ProviderDefinition provider : this.providers.enabled()) {
			body.put(provider.id(), new ProviderView(provider.id(), provider.name(), provider.type().wireName(),
					url.action("signin/" + provider.id()), url.action("callback/" + provider.id())));
		}
		if (this.credentials) {
			body.put(CredentialsLogin.PROVIDER, view(CredentialsLogin.PROVIDER, "credentials", url));
		}
		if (this.emailLinks) {
			body.put(EmailLinks.PROVIDER, view(EmailLinks.PROVIDER, "email", url));
		}
		return this.startupWork.then(ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body));
	}

	/** One of the bridge's own providers, which NextAuth names "Email" both. */
	private static ProviderView view(String id, String type, AuthUrl url) {
		return new ProviderView(id, "Email", type, url.action("signin/" + id), url.action("callback/" + id));
	}

	record ProviderView(String id, String name, String type, String signinUrl, String callbackUrl) {
	}

}
