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
 * {@code GET /api/auth/providers}: every enabled provider, keyed by id, as NextAuth's {@code getProviders()} reads;
 * e-mail + password as NextAuth lists a credentials provider, when it is on.
 */
public final class ProvidersAction {

	private final ProviderRegistry providers;

	private final boolean credentials;

	private final AuthBase base;

	public ProvidersAction(ProviderRegistry providers, boolean credentials, AuthBase base) {
		this.providers = providers;
		this.credentials = credentials;
		this.base = base;
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
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	record ProviderView(String id, String name, String type, String signinUrl, String callbackUrl) {
	}

}
