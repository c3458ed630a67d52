package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.FreePort;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.hasura.TestDatabase;
import dev.authbridge.journeys.Browser.Page;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A new instance in a scaled-out deployment gets traffic as soon as it listens: its very
 * first request, sent the moment the port accepts a connection, must be answered as any
 * later one is, while the work it needs that started with the instance (OIDC discovery
 * here) is still in flight. Each case starts several fresh instances.
 */
class FirstRequestTests {

	static final int STARTS = 5;

	/**
	 * Longer than the time from listening to discovery's start, so every first request
	 * meets discovery in flight.
	 */
	static final Duration DISCOVERY = Duration.ofMillis(400);

	@BeforeEach
	@AfterEach
	void resetUpstreams() {
		Upstreams.auth0().reset();
		Upstreams.hasura().reset();
	}

	@Test
	void callbackWhenFirstRequestOfFreshInstanceWhileDiscoveryInFlightThenSignedIn() throws Exception {
		List<BridgeInstance> instances = new ArrayList<>();
		try {
			BridgeInstance first = BridgeInstance.start(Upstreams.properties());
			instances.add(first);
			Browser.awaitProvider(first.port(), "auth0", Duration.ofSeconds(10));
			Upstreams.auth0().discoveryDelays(DISCOVERY);
			for (int start = 0; start < STARTS; start++) {
				Browser browser = new Browser(first.port());
				Page backFromProvider = browser.visit(browser.startSignIn("auth0", "/").location());

				int port = FreePort.next();
				CompletableFuture<BridgeInstance> fresh = BridgeInstance.startAndAwaitPort(port,
						Upstreams.properties());
				browser.routeTo(port);
				Page callback = browser.visit(backFromProvider.location());
				instances.add(fresh.join());

				assertThat(callback.location()).as("start %d", start).hasToString(BridgeTest.URL + "/");
				assertThat(callback.sets(SESSION_COOKIE)).isTrue();
				assertThat(browser.session()).extracting("user.id").isEqualTo("auth0|" + OidcProvider.SUBJECT);
			}
		}
		finally {
			// in one JVM the instances share Reactor Netty's event loops, which the first
			// to close shuts down
			Collections.reverse(instances);
			instances.forEach(BridgeInstance::close);
		}
	}

	/**
	 * {@code /providers} as the first request lists what then serves at once, discovery
	 * included.
	 */
	@Test
	void providersWhenFirstRequestOfFreshInstanceThenEachListedProviderSignsIn() throws Exception {
		Upstreams.auth0().discoveryDelays(DISCOVERY);
		int port = FreePort.next();
		CompletableFuture<BridgeInstance> fresh = BridgeInstance.startAndAwaitPort(port, Upstreams.properties());
		Page providers = new Browser(port).visit(URI.create(BridgeTest.URL + "/api/auth/providers"));
		try (BridgeInstance instance = fresh.join()) {
			assertThat(providers.json()).containsOnlyKeys("github", "auth0");
			for (String provider : providers.json().keySet()) {
				assertThat(new Browser(port).signIn(provider, "/").sets(SESSION_COOKIE)).as(provider).isTrue();
			}
		}
	}

	/**
	 * Sign-up and credentials sign-in, each the very first request of a fresh instance,
	 * which also has the Hasura upsert ahead of it: they wait for the migrations (a fresh
	 * database each time for sign-up, an up-to-date one for sign-in, where the check
	 * alone is still in flight) instead of answering 503.
	 */
	@Test
	void credentialsWhenFirstRequestOfFreshInstanceThenSignedUpAndSignedIn() throws Exception {
		List<BridgeInstance> instances = new ArrayList<>();
		try {
			for (int start = 0; start < STARTS; start++) {
				String database = TestPostgres.freshDatabase();
				String email = "first-" + start + "@example.com";
				for (String form : List.of("/api/auth/signup", "/api/auth/callback/credentials")) {
					int port = FreePort.next();
					CompletableFuture<BridgeInstance> fresh = BridgeInstance.startAndAwaitPort(port,
							properties(database));
					Browser browser = new Browser(port);
					Page answer = browser.submit(form, Map.of("csrfToken", browser.mintedCsrfToken(), "email", email,
							"password", Accounts.PASSWORD, "json", "true"));
					instances.add(fresh.join());

					assertThat(answer.status()).as("%s, start %d", form, start).isEqualTo(HttpStatus.OK);
					assertThat(answer.sets(SESSION_COOKIE)).isTrue();
					Map<?, ?> user = (Map<?, ?>) browser.session().get("user");
					assertThat(user.get("email")).isEqualTo(email);
					assertThat(TestDatabase.user((String) user.get("id"))).as("the shadow user in Hasura")
						.containsEntry("email", email);
				}
			}
		}
		finally {
			Collections.reverse(instances);
			instances.forEach(BridgeInstance::close);
		}
	}

	/**
	 * With Hasura's default timeout (5 s), not the 1 s of the fault tests: the first
	 * upsert of a cold instance also loads the GraphQL client's classes, which on a busy
	 * two-core machine can take longer than 1 s.
	 */
	private static List<String> properties(String database) {
		List<String> properties = new ArrayList<>(Upstreams.properties());
		Upstreams.hasuraProperties()
			.stream()
			.filter(property -> !property.startsWith("AUTH_HASURA_TIMEOUT="))
			.forEach(properties::add);
		properties.add("DATABASE_URL=" + database);
		return properties;
	}

}
