package dev.authbridge.web.actions;

import dev.authbridge.credentials.CredentialsLogin;
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
 * provider, when it is on. On a new instance it answers once the startup work behind the
 * providers (OIDC discovery, migrations) has had its first attempt, so that a client that
 * acts on the list at once is not the one to wait.
 */
public final class ProvidersAction {

	private final ProviderRegistry providers;

	private final boolean credentials;

	private final AuthBase base;

	private final Mono<Void> startupWork;

	/**
	 * @param startupWork completes when the first attempts of the startup work have ended
	 */
	public ProvidersAction(ProviderRegistry providers, boolean credentials, AuthBase base, Mono<Void> startupWork) {
		this.providers = providers;
		this.credentials = credentials;
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
			String id = CredentialsLogin.PROVIDER;
			body.put(id, new ProviderView(id, "Email", "credentials", url.action("signin/" + id),
					url.action("callback/" + id)));
		}
		return this.startupWork.then(ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body));
	}

	record ProviderView(String id, String name, String type, String signinUrl, String callbackUrl) {
	}

}
