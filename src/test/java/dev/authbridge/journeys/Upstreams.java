package dev.authbridge.journeys;

import dev.authbridge.BridgeTest;
import dev.authbridge.hasura.HasuraStandIn;
import java.util.List;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The providers every flow test signs in through, started once per test JVM and shared:
 * the {@link GithubStandIn} and an {@link OidcProvider} as Auth0. As an initializer it
 * points a test context at them; {@link #properties} gives the same settings to bridges a
 * test starts itself.
 */
final class Upstreams implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static GithubStandIn github;

	private static OidcProvider auth0;

	private static HasuraStandIn hasura;

	static synchronized GithubStandIn github() {
		if (github == null) {
			github = new GithubStandIn();
			Runtime.getRuntime().addShutdownHook(new Thread(github::close));
		}
		return github;
	}

	static synchronized OidcProvider auth0() {
		if (auth0 == null) {
			auth0 = new OidcProvider();
			Runtime.getRuntime().addShutdownHook(new Thread(auth0::close));
		}
		return auth0;
	}

	static synchronized HasuraStandIn hasura() {
		if (hasura == null) {
			hasura = new HasuraStandIn();
			Runtime.getRuntime().addShutdownHook(new Thread(hasura::close));
		}
		return hasura;
	}

	/**
	 * The settings that make a bridge upsert users in the {@link HasuraStandIn}, waiting
	 * at most 1 s for it.
	 */
	static List<String> hasuraProperties() {
		return List.of("HASURA_GRAPHQL_ENDPOINT=" + hasura().endpoint(),
				"HASURA_GRAPHQL_ADMIN_SECRET=" + HasuraStandIn.ADMIN_SECRET,
				"HASURA_GRAPHQL_JWT_SECRET=" + HasuraStandIn.jwtSecret(), "AUTH_HASURA_TIMEOUT=1s");
	}

	/**
	 * {@link #hasuraProperties()} for a test context, from its
	 * {@code @DynamicPropertySource}.
	 */
	static void hasuraProperties(DynamicPropertyRegistry registry) {
		hasuraProperties().forEach(property -> {
			int eq = property.indexOf('=');
			registry.add(property.substring(0, eq), () -> property.substring(eq + 1));
		});
	}

	/** A bridge's settings with both providers enabled, Auth0 at the shared provider. */
	static List<String> properties() {
		return properties(auth0().issuer());
	}

	/** A bridge's settings with both providers enabled, Auth0 at {@code auth0Issuer}. */
	static List<String> properties(String auth0Issuer) {
		return List.of("AUTH_SECRET=" + BridgeTest.SECRET, "AUTH_URL=" + BridgeTest.URL,
				"AUTH_REDIRECT_ALLOWLIST=" + BridgeTest.SPA, "AUTH_PROVIDER_TIMEOUT=2s",
				"AUTH_GITHUB_ID=" + GithubStandIn.CLIENT_ID, "AUTH_GITHUB_SECRET=" + GithubStandIn.CLIENT_SECRET,
				"AUTH_GITHUB_BASE_URL=" + github().baseUrl(), "AUTH_GITHUB_API_URL=" + github().apiUrl(),
				"AUTH_AUTH0_ID=" + OidcProvider.CLIENT_ID, "AUTH_AUTH0_SECRET=" + OidcProvider.CLIENT_SECRET,
				"AUTH_AUTH0_ISSUER=" + auth0Issuer);
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues.of(properties()).applyTo(context);
	}

}
