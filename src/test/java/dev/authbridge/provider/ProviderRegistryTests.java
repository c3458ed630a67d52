package dev.authbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.provider.ProviderDefinition.ProviderType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderRegistryTests {

	static final ProviderRegistry REGISTRY = new ProviderRegistry(
			List.of(provider("zitadel", "z"), provider("github", "g"), provider("auth0", ""), provider("gitlab", " ")));

	@Test
	void allThenEveryProviderSortedById() {
		assertThat(REGISTRY.all()).extracting(ProviderDefinition::id)
			.containsExactly("auth0", "github", "gitlab", "zitadel");
	}

	@Test
	void enabledThenOnlyThoseWithClientIdSortedById() {
		assertThat(REGISTRY.enabled()).extracting(ProviderDefinition::id).containsExactly("github", "zitadel");
	}

	@Test
	void findWhenEnabledThenPresent() {
		assertThat(REGISTRY.find("github")).map(ProviderDefinition::clientId).contains("g");
	}

	@Test
	void findWhenDisabledOrUnknownThenEmpty() {
		assertThat(REGISTRY.find("auth0")).isEmpty();
		assertThat(REGISTRY.find("gitlab")).isEmpty();
		assertThat(REGISTRY.find("nope")).isEmpty();
		assertThat(REGISTRY.find(null)).isEmpty();
	}

	@Test
	void withThenNewRegistryHoldingTheExtraAndThisOneUnchanged() {
		ProviderRegistry extended = REGISTRY.with(provider("dev", "d"));
		assertThat(extended.enabled()).extracting(ProviderDefinition::id).containsExactly("dev", "github", "zitadel");
		assertThat(extended.find("dev")).isPresent();
		assertThat(REGISTRY.all()).extracting(ProviderDefinition::id).doesNotContain("dev");
	}

	static ProviderDefinition provider(String id, String clientId) {
		return new ProviderDefinition(id, id, ProviderType.OIDC, clientId, "secret", "client_secret_basic",
				"https://" + id + ".example.com", "", "", "", List.of("openid"), "oidc", ProviderStyle.DEFAULT,
				id + ".yaml");
	}

}
