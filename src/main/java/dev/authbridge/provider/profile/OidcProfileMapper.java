package dev.authbridge.provider.profile;

import static dev.authbridge.provider.profile.ProfileMapper.text;

import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.user.UserProfile;
import java.util.Map;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import reactor.core.publisher.Mono;

/**
 * {@code profile: oidc}, the standard claims of OIDC Core §5.1: {@code sub} is the
 * account id; the name falls back to {@code preferred_username} and then {@code nickname}
 * (Auth0 database users often have only those).
 */
public final class OidcProfileMapper implements ProfileMapper {

	@Override
	public Mono<UserProfile> map(ProviderDefinition provider, Map<String, Object> attributes,
			OAuth2AccessToken accessToken) {
		String name = text(attributes, "name");
		if (name == null) {
			name = text(attributes, "preferred_username");
		}
		if (name == null) {
			name = text(attributes, "nickname");
		}
		return Mono.just(new UserProfile(provider.id(), text(attributes, "sub"), name, text(attributes, "email"),
				text(attributes, "picture")));
	}

}
