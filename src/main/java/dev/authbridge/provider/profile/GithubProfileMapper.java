package dev.authbridge.provider.profile;

import static dev.authbridge.provider.profile.ProfileMapper.text;

import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.user.UserProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * {@code profile: github}: GitHub's {@code GET /user}, whose numeric {@code id} is the
 * account id and whose {@code email} is {@code null} when the user keeps it private.
 * Then, with the {@code user:email} scope, {@code GET /user/emails} gives the primary
 * verified address, as NextAuth's GitHub provider does.
 */
public final class GithubProfileMapper implements ProfileMapper {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> EMAILS = new ParameterizedTypeReference<>() {
	};

	private final WebClient web;

	public GithubProfileMapper(WebClient web) {
		this.web = web;
	}

	@Override
	public Mono<UserProfile> map(ProviderDefinition provider, Map<String, Object> attributes,
			OAuth2AccessToken accessToken) {
		String name = text(attributes, "name") != null ? text(attributes, "name") : text(attributes, "login");
		String email = text(attributes, "email");
		Mono<String> primaryEmail = email != null ? Mono.just(email) : primaryVerifiedEmail(provider, accessToken);
		return primaryEmail.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.map(found -> new UserProfile(provider.id(), text(attributes, "id"), name, found.orElse(null),
					text(attributes, "avatar_url")));
	}

	private Mono<String> primaryVerifiedEmail(ProviderDefinition provider, OAuth2AccessToken accessToken) {
		return this.web.get()
			.uri(provider.userInfoUri() + "/emails")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken.getTokenValue())
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(EMAILS)
			.flatMapIterable(emails -> emails)
			.filter(entry -> Boolean.TRUE.equals(entry.get("primary")) && Boolean.TRUE.equals(entry.get("verified")))
			.map(entry -> (String) entry.get("email"))
			.next();
	}

}
