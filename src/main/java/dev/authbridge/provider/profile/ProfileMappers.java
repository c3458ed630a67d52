package dev.authbridge.provider.profile;

import java.util.Map;
import java.util.Set;
import org.springframework.web.reactive.function.client.WebClient;

/** The named profile mappers a provider file may choose with {@code profile:}. */
public final class ProfileMappers {

	/** Every name a provider file may use. */
	public static final Set<String> NAMES = Set.of("oidc", "github");

	private final Map<String, ProfileMapper> byName;

	public ProfileMappers(WebClient web) {
		this.byName = Map.of("oidc", new OidcProfileMapper(), "github", new GithubProfileMapper(web));
	}

	public ProfileMapper get(String name) {
		ProfileMapper mapper = this.byName.get(name);
		if (mapper == null) {
			throw new IllegalArgumentException("no profile mapper named " + name);
		}
		return mapper;
	}

}
