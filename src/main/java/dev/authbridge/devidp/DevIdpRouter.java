package dev.authbridge.devidp;

import dev.authbridge.seal.Sealer;
import java.time.Clock;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The routes of the development provider under {@code /dev-idp}, and the collaborators
 * behind them.
 */
public final class DevIdpRouter {

	private DevIdpRouter() {
	}

	/**
	 * Builds the endpoints, with a signing key generated now.
	 * @param key 32 bytes derived from AUTH_SECRET, sealing codes and access tokens
	 */
	public static RouterFunction<ServerResponse> routes(DevIdp idp, byte[] key, Clock clock) {
		Sealer sealer = new Sealer(key, clock);
		SigningKey signingKey = SigningKey.generate();
		AuthorizationCodes codes = new AuthorizationCodes(sealer);
		DiscoveryEndpoint discovery = new DiscoveryEndpoint(idp, signingKey);
		AuthorizeEndpoint authorize = new AuthorizeEndpoint(idp, codes);
		TokenEndpoint token = new TokenEndpoint(idp, codes, sealer, signingKey, clock);
		UserInfoEndpoint userInfo = new UserInfoEndpoint(sealer);
		return RouterFunctions.route()
			.path(DevIdp.PATH,
					endpoints -> endpoints.GET("/.well-known/openid-configuration", discovery::configuration)
						.GET("/jwks", discovery::jwks)
						.GET("/authorize", authorize::page)
						.POST("/authorize", authorize::decide)
						.POST("/token", token::handle)
						.GET("/userinfo", userInfo::handle)
						.POST("/userinfo", userInfo::handle))
			.build();
	}

}
