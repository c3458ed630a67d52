package dev.authbridge.devidp;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authbridge.devidp.AuthorizationCodes.Grant;
import dev.authbridge.seal.Sealer;
import dev.authbridge.web.FormFields;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code POST /dev-idp/token}: redeems a code (RFC 6749 §4.1.3) for an RS256 ID token
 * (OIDC Core §3.1.3.3) and a sealed access token for userinfo. The client authenticates
 * with {@code client_secret_basic} or {@code client_secret_post}; the code must be
 * intact, unexpired and issued for this client and redirect URI; and the PKCE verifier
 * must hash to its challenge (RFC 7636 §4.6). Errors are RFC 6749 §5.2 JSON.
 */
final class TokenEndpoint {

	static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

	/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
	private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

	private final DevIdp idp;

	private final AuthorizationCodes codes;

	private final Sealer sealer;

	private final SigningKey key;

	private final Clock clock;

	TokenEndpoint(DevIdp idp, AuthorizationCodes codes, Sealer sealer, SigningKey key, Clock clock) {
		this.idp = idp;
		this.codes = codes;
		this.sealer = sealer;
		this.key = key;
		this.clock = clock;
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		return FormFields.urlEncoded(request).flatMap(form -> {
			if (form.values().stream().anyMatch(values -> values.size() > 1)) {
				return error(HttpStatus.BAD_REQUEST, "invalid_request", "a parameter is repeated (RFC 6749 §3.2)");
			}
			if (!authenticated(authorization, form)) {
				return error(HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed");
			}
			if (!"authorization_code".equals(form.getFirst("grant_type"))) {
				return form.getFirst("grant_type") == null
						? error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is missing")
						: error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "only authorization_code");
			}
			String verifier = form.getFirst("code_verifier");
			if (form.getFirst("code") == null || verifier == null || !VERIFIER.matcher(verifier).matches()) {
				return error(HttpStatus.BAD_REQUEST, "invalid_request", "code and a code_verifier are required");
			}
			return this.codes.redeem(form.getFirst("code"))
				.filter(grant -> grant.clientId().equals(DevIdp.CLIENT_ID)
						&& grant.redirectUri().equals(form.getFirst("redirect_uri"))
						&& MessageDigest.isEqual(s256(verifier),
								grant.codeChallenge().getBytes(StandardCharsets.US_ASCII)))
				.map(this::tokens)
				.orElseGet(() -> error(HttpStatus.BAD_REQUEST, "invalid_grant",
						"the code is invalid or expired, or redirect_uri or code_verifier do not match it"));
		})
			.onErrorResume(ResponseStatusException.class, ex -> error(HttpStatus.BAD_REQUEST, "invalid_request",
					"the body is no application/x-www-form-urlencoded form"));
	}

	/**
	 * RFC 6749 §2.3.1: HTTP Basic with the form-urlencoded id and secret, or both in the
	 * body; never both methods (§2.3). The secret is compared in constant time.
	 */
	private boolean authenticated(String authorization, MultiValueMap<String, String> form) {
		String clientId;
		String secret;
		if (authorization != null) {
			if (form.containsKey("client_secret") || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
				return false;
			}
			String decoded;
			try {
				decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				if (colon < 0) {
					return false;
				}
				clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
				secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		else {
			clientId = form.getFirst("client_id");
			secret = form.getFirst("client_secret");
		}
		return DevIdp.CLIENT_ID.equals(clientId) && secret != null && MessageDigest
			.isEqual(secret.getBytes(StandardCharsets.UTF_8), this.idp.clientSecret().getBytes(StandardCharsets.UTF_8));
	}

	private Mono<ServerResponse> tokens(Grant grant) {
		Instant now = this.clock.instant();
		JWTClaimsSet.Builder idToken = new JWTClaimsSet.Builder().issuer(this.idp.issuer())
			.audience(grant.clientId())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(TOKEN_LIFETIME)));
		grant.user().claims().forEach(idToken::claim);
		if (grant.nonce() != null) {
			idToken.claim("nonce", grant.nonce());
		}
		String accessToken = this.sealer.seal(UserInfoEndpoint.ACCESS_TOKEN, grant.user().claims(), TOKEN_LIFETIME);
		return this.key.sign(idToken.build()).flatMap(signed -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("access_token", accessToken);
			body.put("token_type", "Bearer");
			body.put("expires_in", TOKEN_LIFETIME.toSeconds());
			body.put("id_token", signed);
			body.put("scope", grant.scope());
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.headers(TokenEndpoint::noStore)
				.bodyValue(body);
		});
	}

	/**
	 * RFC 6749 §5.2; a 401 for {@code invalid_client} says which scheme to use, as that
	 * section requires.
	 */
	private static Mono<ServerResponse> error(HttpStatus status, String code, String description) {
		ServerResponse.BodyBuilder response = ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(TokenEndpoint::noStore);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"dev-idp\"");
		}
		return response.bodyValue(Map.of("error", code, "error_description", description));
	}

	/** RFC 6749 §5.1: responses carrying tokens must not be cached. */
	private static void noStore(HttpHeaders headers) {
		headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
		headers.set(HttpHeaders.PRAGMA, "no-cache");
	}

	private static byte[] s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).getBytes(StandardCharsets.US_ASCII);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

}
