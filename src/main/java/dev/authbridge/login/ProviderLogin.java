package dev.authbridge.login;

import dev.authbridge.user.SignInFailure.ErrorCode;
import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.provider.profile.ProfileMappers;
import dev.authbridge.redact.Redacted;
import dev.authbridge.user.UserProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginReactiveAuthenticationManager;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeReactiveAuthenticationManager;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.DefaultReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.ReactiveOAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The two legs of an OAuth 2 / OIDC sign-in, on Spring Security's reactive OAuth2 client:
 * {@link #start} builds the authorization request (state, PKCE S256, nonce for OIDC) and
 * the sealed flow that remembers it; {@link #finish} checks the callback against that
 * flow before any code is redeemed, then lets Spring Security exchange the code, validate
 * the ID token and fetch the profile, and maps the result to a {@link UserProfile}.
 *
 * <p>
 * Each outbound step is wrapped so a failure names where it happened:
 * {@code token_exchange_failed}, {@code id_token_invalid}, {@code provider_unavailable}
 * (the JWKS to check it with could not be fetched), {@code userinfo_failed} (also for the
 * profile mapper's own calls).
 */
public final class ProviderLogin {

	/**
	 * Parameters a caller may not set through
	 * {@code signIn(provider, options, authorizationParams)}.
	 */
	static final Set<String> PROTECTED_PARAMETERS = Set.of("response_type", "client_id", "redirect_uri", "scope",
			"state", "code_challenge", "code_challenge_method", "nonce", "request", "request_uri");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ProviderClients clients;

	private final ProviderRegistry providers;

	private final ProfileMappers mappers;

	private final FlowCookieSealer sealer;

	private final OAuth2LoginReactiveAuthenticationManager oauthManager;

	private final OidcAuthorizationCodeReactiveAuthenticationManager oidcManager;

	public ProviderLogin(ProviderClients clients, ProviderRegistry providers, ProfileMappers mappers,
			FlowCookieSealer sealer, WebClient web) {
		this.clients = clients;
		this.providers = providers;
		this.mappers = mappers;
		this.sealer = sealer;
		WebClientReactiveAuthorizationCodeTokenResponseClient tokens = new WebClientReactiveAuthorizationCodeTokenResponseClient();
		tokens.setWebClient(web);
		ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenStep = request -> tokens
			.getTokenResponse(request)
			.onErrorMap(ex -> new SignInFailure(Reason.TOKEN_EXCHANGE_FAILED));
		DefaultReactiveOAuth2UserService users = new DefaultReactiveOAuth2UserService();
		users.setWebClient(web);
		ReactiveOAuth2UserService<OAuth2UserRequest, OAuth2User> userInfoStep = request -> users.loadUser(request)
			.onErrorMap(ex -> new SignInFailure(Reason.USERINFO_FAILED));
		this.oauthManager = new OAuth2LoginReactiveAuthenticationManager(tokenStep, userInfoStep);
		OidcReactiveOAuth2UserService oidcUsers = new OidcReactiveOAuth2UserService();
		oidcUsers.setOauth2UserService(userInfoStep);
		this.oidcManager = new OidcAuthorizationCodeReactiveAuthenticationManager(tokenStep, oidcUsers);
		IdTokenDecoders decoders = new IdTokenDecoders(web);
		this.oidcManager.setJwtDecoderFactory(registration -> {
			var decoder = decoders.createDecoder(registration);
			// a token failing its checks is a BadJwtException; NimbusReactiveJwtDecoder
			// reports a JWKS it could not
			// fetch (down, timed out, not JSON) as a plain JwtException, or an
			// IllegalStateException when the JWKS
			// endpoint answers an error status: the provider is unavailable, not the
			// token bad
			return token -> decoder.decode(token)
				.onErrorMap(ex -> new SignInFailure(ErrorCode.OAUTH_CALLBACK,
						ex instanceof BadJwtException ? Reason.ID_TOKEN_INVALID : Reason.PROVIDER_UNAVAILABLE));
		});
	}

	/**
	 * The URL to send the browser to, and the sealed flow for the
	 * {@code authbridge.oauth} cookie.
	 * @param extraParameters the caller's authorization parameters (NextAuth's
	 * {@code authorizationParams})
	 */
	public Mono<Start> start(String providerId, String redirectUri, String callbackUrl,
			Map<String, String> extraParameters) {
		return this.clients.find(providerId, ErrorCode.OAUTH_SIGNIN).map(registration -> {
			boolean oidc = registration.getScopes().contains("openid");
			FlowState flow = new FlowState(providerId, random(), random(), oidc ? random() : null, redirectUri,
					callbackUrl);
			Map<String, String> extra = new LinkedHashMap<>(extraParameters);
			extra.keySet().removeIf(name -> PROTECTED_PARAMETERS.contains(name) || name.equals("callbackUrl"));
			return new Start(authorizationRequest(registration, flow, extra).getAuthorizationRequestUri(),
					this.sealer.seal(flow));
		});
	}

	/**
	 * Finishes the flow with the provider's callback parameters.
	 * @param sealedFlow the {@code authbridge.oauth} cookie, or {@code null}
	 */
	public Mono<Finished> finish(String providerId, String sealedFlow, Map<String, String> parameters) {
		String error = parameters.get("error");
		if (error != null) {
			return Mono
				.error(new SignInFailure("access_denied".equals(error) ? Reason.ACCESS_DENIED : Reason.PROVIDER_ERROR));
		}
		if (sealedFlow == null) {
			return Mono.error(new SignInFailure(Reason.STATE_COOKIE_MISSING));
		}
		FlowState flow;
		try {
			flow = this.sealer.unseal(sealedFlow);
		}
		catch (SignInFailure ex) {
			return Mono.error(ex);
		}
		if (!flow.provider().equals(providerId)) {
			return Mono.error(new SignInFailure(Reason.PROVIDER_MISMATCH));
		}
		String state = parameters.get("state");
		if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
				flow.state().getBytes(StandardCharsets.UTF_8))) {
			return Mono.error(new SignInFailure(Reason.STATE_MISMATCH));
		}
		String code = parameters.get("code");
		if (code == null || code.isEmpty()) {
			return Mono.error(new SignInFailure(Reason.CODE_MISSING));
		}
		return this.clients.find(providerId, ErrorCode.OAUTH_CALLBACK).flatMap(registration -> {
			// found: ProviderClients only has registrations of enabled providers
			ProviderDefinition provider = this.providers.find(providerId).orElseThrow();
			OAuth2AuthorizationExchange exchange = new OAuth2AuthorizationExchange(
					authorizationRequest(registration, flow, Map.of()),
					OAuth2AuthorizationResponse.success(code).redirectUri(flow.redirectUri()).state(state).build());
			boolean oidc = registration.getScopes().contains("openid");
			// both managers take the code token in and give a login token out
			return (oidc ? this.oidcManager : this.oauthManager)
				.authenticate(new OAuth2AuthorizationCodeAuthenticationToken(registration, exchange))
				.cast(OAuth2LoginAuthenticationToken.class)
				.onErrorMap(OAuth2AuthenticationException.class, ProviderLogin::reason)
				.flatMap(result -> this.mappers.get(provider.profile())
					.map(provider, attributes(result.getPrincipal()), result.getAccessToken())
					// a mapper's own calls (GitHub's /user/emails) and a profile without
					// an id fail like userinfo
					.onErrorMap(ex -> !(ex instanceof SignInFailure), ex -> new SignInFailure(Reason.USERINFO_FAILED)))
				.map(profile -> new Finished(profile, flow.callbackUrl()));
		});
	}

	private static Map<String, Object> attributes(OAuth2User user) {
		if (user instanceof OidcUser oidc) {
			Map<String, Object> merged = new LinkedHashMap<>(oidc.getIdToken().getClaims());
			merged.putAll(oidc.getAttributes());
			return merged;
		}
		return user.getAttributes();
	}

	private static SignInFailure reason(OAuth2AuthenticationException ex) {
		return switch (ex.getError().getErrorCode()) {
			case "invalid_state_parameter", "invalid_redirect_uri_parameter" ->
				new SignInFailure(Reason.STATE_MISMATCH);
			case "invalid_nonce", "invalid_id_token", "missing_signature_verifier" ->
				new SignInFailure(Reason.ID_TOKEN_INVALID);
			case "invalid_user_info_response", "missing_user_info_uri", "missing_user_name_attribute" ->
				new SignInFailure(Reason.USERINFO_FAILED);
			default -> new SignInFailure(Reason.PROVIDER_ERROR);
		};
	}

	/**
	 * The authorization request of {@code flow}: rebuilt identically at the callback for
	 * Spring's checks.
	 */
	private static OAuth2AuthorizationRequest authorizationRequest(ClientRegistration registration, FlowState flow,
			Map<String, String> extra) {
		Map<String, Object> parameters = new LinkedHashMap<>(extra);
		// RFC 7636 §4.2: S256 challenge of the verifier that only the sealed cookie holds
		parameters.put(PkceParameterNames.CODE_CHALLENGE, sha256(flow.codeVerifier()));
		parameters.put(PkceParameterNames.CODE_CHALLENGE_METHOD, "S256");
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put(OAuth2ParameterNames.REGISTRATION_ID, registration.getRegistrationId());
		attributes.put(PkceParameterNames.CODE_VERIFIER, flow.codeVerifier());
		if (flow.nonce() != null) {
			// OIDC Core §3.1.2.1 / §15.5.2: the request carries the nonce's hash, the ID
			// token must echo it
			parameters.put(OidcParameterNames.NONCE, sha256(flow.nonce()));
			attributes.put(OidcParameterNames.NONCE, flow.nonce());
		}
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(registration.getProviderDetails().getAuthorizationUri())
			.clientId(registration.getClientId())
			.redirectUri(flow.redirectUri())
			.scopes(registration.getScopes())
			.state(flow.state())
			.additionalParameters(parameters)
			.attributes(attributes)
			.build();
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String sha256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

	/**
	 * @param authorizationUrl the provider URL to send the browser to
	 * @param sealedFlow the {@code authbridge.oauth} cookie value
	 */
	public record Start(String authorizationUrl, String sealedFlow) {

		@Override
		public String toString() {
			return Redacted.toString(this, "authorizationUrl", "sealedFlow");
		}

	}

	/**
	 * @param profile who signed in
	 * @param callbackUrl where to send them
	 */
	public record Finished(UserProfile profile, String callbackUrl) {
	}

}
