package dev.authbridge.devidp;

import dev.authbridge.seal.SealException;
import dev.authbridge.seal.Sealer;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET|POST /dev-idp/userinfo} (OIDC Core §5.3): the claims of the user a sealed
 * access token was issued for, presented as {@code Authorization: Bearer} (RFC 6750
 * §2.1). A missing, tampered or expired token is a 401 whose {@code WWW-Authenticate}
 * says so (RFC 6750 §3).
 */
final class UserInfoEndpoint {

	/** The sealed-token use of access tokens. */
	static final String ACCESS_TOKEN = "access";

	private static final String INVALID_TOKEN = "Bearer realm=\"dev-idp\", error=\"invalid_token\"";

	private final Sealer sealer;

	UserInfoEndpoint(Sealer sealer) {
		this.sealer = sealer;
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			// RFC 6750 §3.1: no credentials at all is answered without an error code
			return unauthorized("Bearer realm=\"dev-idp\"");
		}
		Map<String, Object> claims;
		try {
			claims = this.sealer.unseal(ACCESS_TOKEN, authorization.substring(7).trim());
		}
		catch (SealException ex) {
			return unauthorized(INVALID_TOKEN);
		}
		return DevUser.from(claims)
			.map(user -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.bodyValue(user.claims()))
			.orElseGet(() -> unauthorized(INVALID_TOKEN));
	}

	private static Mono<ServerResponse> unauthorized(String challenge) {
		return ServerResponse.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, challenge)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.build();
	}

}
