package dev.authbridge.web.actions;

import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.web.AuthBase;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * {@code GET /} in a development run: what an SPA gets from {@code /api/auth/session} and
 * what Hasura will see (role, user id, the access token's claims), a button that queries
 * Hasura with that token when {@code HASURA_GRAPHQL_ENDPOINT} is set, and sign-out. The
 * page is static; {@code assets/demo.js} fills it through {@code client.js}, as an SPA
 * would.
 */
public final class DemoPageAction {

	private final AuthBase base;

	private final String hasuraEndpoint;

	/**
	 * @param hasuraEndpoint Hasura's GraphQL URL, or {@code null} when none is configured
	 */
	public DemoPageAction(AuthBase base, String hasuraEndpoint) {
		this.base = base;
		this.hasuraEndpoint = hasuraEndpoint;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		AuthUrl url = this.base.of(request);
		Map<String, Object> model = new HashMap<>();
		model.put("title", "AuthBridge");
		model.put("stylesheet", url.stylesheet());
		model.put("script", url.action("assets/demo.js"));
		model.put("signinUrl",
				UriComponentsBuilder.fromUriString(url.action("signin"))
					.queryParam("callbackUrl", url.home())
					.build()
					.encode()
					.toUriString());
		if (this.hasuraEndpoint != null) {
			model.put("hasuraEndpoint", this.hasuraEndpoint);
		}
		return ServerResponse.ok().contentType(MediaType.TEXT_HTML).render("demo", model);
	}

}
