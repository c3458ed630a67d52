package dev.authbridge.devidp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /dev-idp/.well-known/openid-configuration} (OIDC Discovery §4) and
 * {@code GET /dev-idp/jwks}: what the bridge's discovery reads to build the {@code dev}
 * client registration, every URL derived from {@code AUTH_URL}.
 */
final class DiscoveryEndpoint {

	private final Map<String, Object> configuration;

	private final SigningKey key;

	private final Mono<Map<String, Object>> jwks;

	DiscoveryEndpoint(DevIdp idp, SigningKey key) {
		Map<String, Object> configuration = new LinkedHashMap<>();
		configuration.put("issuer", idp.issuer());
		configuration.put("authorization_endpoint", idp.endpoint("authorize"));
		configuration.put("token_endpoint", idp.endpoint("token"));
		configuration.put("userinfo_endpoint", idp.endpoint("userinfo"));
		configuration.put("jwks_uri", idp.endpoint("jwks"));
		configuration.put("response_types_supported", List.of("code"));
		configuration.put("subject_types_supported", List.of("public"));
		configuration.put("id_token_signing_alg_values_supported", List.of("RS256"));
		configuration.put("scopes_supported", DevIdp.SCOPES);
		configuration.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post"));
		configuration.put("code_challenge_methods_supported", List.of("S256"));
		configuration.put("grant_types_supported", List.of("authorization_code"));
		configuration.put("claims_supported", List.of("sub", "name", "email", "email_verified"));
		this.configuration = Collections.unmodifiableMap(configuration);
		this.key = key;
		this.jwks = key.publicJwks().cache();
	}

	/**
	 * Also where the signing key starts being made: the bridge reads this document right
	 * after start-up.
	 */
	Mono<ServerResponse> configuration(ServerRequest request) {
		this.key.prepare();
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(this.configuration);
	}

	Mono<ServerResponse> jwks(ServerRequest request) {
		return this.jwks.flatMap(jwks -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(jwks));
	}

}
