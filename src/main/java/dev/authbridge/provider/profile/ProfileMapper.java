package dev.authbridge.provider.profile;

import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.user.UserProfile;
import java.util.Map;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import reactor.core.publisher.Mono;

/**
 * Turns one provider's profile into a {@link UserProfile}. A provider file names its
 * mapper with {@code profile:}; provider quirks live here, in named and tested Java,
 * never in the YAML.
 */
public interface ProfileMapper {

	/**
	 * @param provider the provider signed in with
	 * @param attributes the provider's user attributes (userinfo, merged with the ID
	 * token's claims for OIDC)
	 * @param accessToken the provider access token, for mappers that must ask the
	 * provider more
	 */
	Mono<UserProfile> map(ProviderDefinition provider, Map<String, Object> attributes, OAuth2AccessToken accessToken);

	/**
	 * The string value of attribute {@code name}, or {@code null} when absent or blank.
	 */
	static String text(Map<String, Object> attributes, String name) {
		Object value = attributes.get(name);
		return value == null || value.toString().isBlank() ? null : value.toString();
	}

}
