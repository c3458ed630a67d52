package dev.authbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.db.TestPostgres;
import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.journeys.Prometheus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The packaged jar with Spring AOT on, as the image runs it, takes every setting that
 * adds or leaves out beans from the deployment's environment, not from the build's (which
 * had none of them): {@code DATABASE_URL}, {@code AUTH_CREDENTIALS},
 * {@code HASURA_GRAPHQL_ENDPOINT}, {@code AUTH_TRUST_HOST} and
 * {@code AUTHBRIDGE_HOT_PATH}, each checked both ways over HTTP. A condition evaluated at
 * build time again would fail one side. Three starts of the jar: every switch on, every
 * switch at its default, and PostgreSQL without e-mail + password.
 */
class SpringAotJarIT {

	static final String SESSION = "/api/auth/session";

	static final String PROVIDERS = "/api/auth/providers";

	static final String PUBLIC = "https://auth.example.com";

	/**
	 * One start of the jar for the tests of a nested class; its log is
	 * {@code target/packaged-jar/<name>.log}.
	 */
	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class OneStart {

		PackagedJar jar;

		abstract PackagedJar start();

		@BeforeAll
		void startJar() {
			this.jar = start();
		}

		@AfterAll
		void stopJar() {
			this.jar.close();
		}

		@Test
		void startWhenAotEnabledThenGeneratedContextUsed() {
			assertThat(this.jar.log()).contains("Starting AOT-processed AuthBridgeApplication");
		}

	}

	@Nested
	@TestMethodOrder(OrderAnnotation.class)
	class EverySwitchOn extends OneStart {

		final HasuraStandIn hasura = new HasuraStandIn();

		@Override
		PackagedJar start() {
			// Spring's own line for each bean it closes, to see PostgreSQL's beans closed
			// on SIGTERM
			return PackagedJar.start("every-switch-on",
					Map.of("AUTH_SECRET", BridgeTest.SECRET, "DATABASE_URL", TestPostgres.freshDatabase(),
							"HASURA_GRAPHQL_ENDPOINT", this.hasura.endpoint(), "HASURA_GRAPHQL_ADMIN_SECRET",
							HasuraStandIn.ADMIN_SECRET, "HASURA_GRAPHQL_JWT_SECRET", HasuraStandIn.jwtSecret(),
							"AUTH_TRUST_HOST", "true", "AUTHBRIDGE_HOT_PATH", "false"),
					"-Dlogging.level.org.springframework.beans.factory.support.DisposableBeanAdapter=trace");
		}

		@AfterAll
		void stopHasura() {
			this.hasura.close();
		}

		@Test
		void providersWhenDatabaseUrlSetThenCredentials() {
			providers(this.jar).jsonPath("$.credentials.type").isEqualTo("credentials");
		}

		@Test
		void signupWhenDatabaseUrlSetThenRouted() {
			signup(this.jar).expectStatus().isFound();
		}

		@Test
		void readinessWhenDatabaseUrlAndHasuraEndpointSetThenBothComponents() {
			readiness(this.jar).jsonPath("$.components.database").exists().jsonPath("$.components.hasura").exists();
		}

		@Test
		void providersWhenTrustHostAndForwardedHeadersThenUrlsOnThePublicOrigin() {
			providers(this.jar).jsonPath("$.credentials.callbackUrl")
				.isEqualTo(PUBLIC + "/api/auth/callback/credentials");
		}

		@Test
		void prometheusWhenHotPathOffThenSessionTimedByWebFlux() {
			assertThat(timedUris(sessionThenScrape(this.jar))).contains(SESSION);
		}

		@Test
		@Order(Integer.MAX_VALUE)
		void stopWhenTerminatedThenPostgresResourcesClosed() {
			this.jar.close();
			assertThat(this.jar.log()).contains(closed("database"), closed("epochPoller"), closed("passwordHasher"),
					closed("purge"), closed("revocationListener"));
		}

		private static String closed(String bean) {
			return "Invoking close() on bean with name '" + bean + "'";
		}

	}

	@Nested
	class EverySwitchAtItsDefault extends OneStart {

		@Override
		PackagedJar start() {
			return PackagedJar.start("every-switch-at-its-default", Map.of("AUTH_SECRET", BridgeTest.SECRET));
		}

		@Test
		void providersAndSignupWhenNoDatabaseUrlThenNoCredentials() {
			noCredentials(this.jar);
		}

		@Test
		void readinessWhenNoDatabaseUrlNorHasuraEndpointThenNeitherComponent() {
			readiness(this.jar).jsonPath("$.components.readinessState")
				.exists()
				.jsonPath("$.components.database")
				.doesNotExist()
				.jsonPath("$.components.hasura")
				.doesNotExist();
		}

		@Test
		void providersWhenHostNotTrustedThenForwardedHeadersIgnored() {
			providers(this.jar).jsonPath("$.dev.callbackUrl").isEqualTo(this.jar.url() + "/api/auth/callback/dev");
		}

		@Test
		void prometheusWhenHotPathOnThenSessionAnsweredAheadOfWebFlux() {
			assertThat(timedUris(sessionThenScrape(this.jar))).contains(PROVIDERS).doesNotContain(SESSION);
			assertThat(Prometheus.sample(this.jar.port(), "authbridge_session_requests_total{result=\"signed_out\"}"))
				.isEqualTo(1);
		}

	}

	@Nested
	class CredentialsOff extends OneStart {

		@Override
		PackagedJar start() {
			return PackagedJar.start("credentials-off", Map.of("AUTH_SECRET", BridgeTest.SECRET, "DATABASE_URL",
					TestPostgres.freshDatabase(), "AUTH_CREDENTIALS", "false"));
		}

		@Test
		void providersAndSignupWhenCredentialsOffThenNoCredentials() {
			noCredentials(this.jar);
		}

		@Test
		void readinessWhenCredentialsOffThenDatabaseComponentStays() {
			readiness(this.jar).jsonPath("$.components.database").exists();
		}

	}

	/**
	 * Neither listed by {@code /providers} nor routed: a sign-up is an unknown action.
	 */
	static void noCredentials(PackagedJar jar) {
		providers(jar).jsonPath("$.dev").exists().jsonPath("$.credentials").doesNotExist();
		signup(jar).expectStatus().isBadRequest();
	}

	/**
	 * {@code /api/auth/providers} through a proxy that sends {@link #PUBLIC} as the
	 * original origin.
	 */
	static WebTestClient.BodyContentSpec providers(PackagedJar jar) {
		return jar.client()
			.get()
			.uri(PROVIDERS)
			.header("X-Forwarded-Host", "auth.example.com")
			.header("X-Forwarded-Proto", "https")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	/**
	 * A sign-up without a CSRF token: sent back to the sign-in page when the route
	 * exists, an unknown action if not.
	 */
	static WebTestClient.ResponseSpec signup(PackagedJar jar) {
		return jar.client()
			.post()
			.uri("/api/auth/signup")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("email", "someone@example.com").with("password", "not-checked"))
			.exchange();
	}

	/** The readiness group, whatever its status (the components may not be up yet). */
	static WebTestClient.BodyContentSpec readiness(PackagedJar jar) {
		return jar.client().get().uri("/actuator/health/readiness").exchange().expectBody();
	}

	/**
	 * {@code GET /api/auth/session}, then {@code /api/auth/providers}, then the metrics
	 * once the providers request is in them: WebFlux times a request as it ends, so the
	 * session request, had WebFlux answered it, is in too.
	 */
	static String sessionThenScrape(PackagedJar jar) {
		WebTestClient client = jar.client();
		client.get().uri(SESSION).exchange().expectStatus().isOk();
		client.get().uri(PROVIDERS).exchange().expectStatus().isOk();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		String scrape = Prometheus.scrape(jar.port());
		while (!timedUris(scrape).contains(PROVIDERS) && System.nanoTime() < deadline) {
			PackagedJar.sleep(Duration.ofMillis(100));
			scrape = Prometheus.scrape(jar.port());
		}
		return scrape;
	}

	/**
	 * The {@code uri} of every request {@code http_server_requests_seconds} has timed.
	 */
	static List<String> timedUris(String scrape) {
		return scrape.lines()
			.filter(line -> line.startsWith("http_server_requests_seconds_count{"))
			.map(line -> line.replaceFirst(".*uri=\"([^\"]*)\".*", "$1"))
			.toList();
	}

}
