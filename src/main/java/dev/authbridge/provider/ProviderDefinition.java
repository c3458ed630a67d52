package dev.authbridge.provider;

import dev.authbridge.redact.Redacted;
import java.util.List;

/**
 * One {@code providers/<id>.yaml} file with its placeholders resolved. Pure data: any
 * behaviour a provider needs (GitHub's e-mail lookup, say) lives in the named Java
 * profile mapper, never here.
 *
 * @param id file name = URL segment = Spring {@code registrationId}
 * @param name what the sign-in button says
 * @param type {@code oauth} (endpoints given) or {@code oidc} (discovered from
 * {@code issuer})
 * @param clientId the OAuth client id; the provider is enabled when it is not blank
 * @param clientSecret the OAuth client secret
 * @param clientAuthenticationMethod how the client authenticates at the token endpoint
 * (RFC 6749 §2.3)
 * @param issuer OIDC issuer, for {@code oidc}
 * @param authorizationUri authorization endpoint, for {@code oauth}
 * @param tokenUri token endpoint, for {@code oauth}
 * @param userInfoUri profile endpoint, for {@code oauth}
 * @param scopes requested scopes
 * @param profile the name of the Java profile mapper that turns the provider's profile
 * into a user
 * @param style the sign-in button's colours
 * @param source where the definition was read from, for messages
 */
public record ProviderDefinition(String id, String name, ProviderType type, String clientId, String clientSecret,
		String clientAuthenticationMethod, String issuer, String authorizationUri, String tokenUri, String userInfoUri,
		List<String> scopes, String profile, ProviderStyle style, String source) {

	public ProviderDefinition {
		scopes = List.copyOf(scopes);
	}

	@Override
	public String toString() {
		return Redacted.toString(this, "clientSecret");
	}

	public boolean enabled() {
		return !this.clientId.isBlank();
	}

	/**
	 * The two kinds of provider: plain OAuth 2 with given endpoints, or OpenID Connect by
	 * discovery.
	 */
	public enum ProviderType {

		OAUTH, OIDC;

		/** The NextAuth wire name: {@code oauth} or {@code oidc}. */
		public String wireName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
