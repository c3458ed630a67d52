package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.AuthBridgeApplication;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.TestSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A plain local run needs no configuration: an ephemeral secret, announced loudly,
 * working tokens, and the development provider to sign in with, announced as loudly.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalRunTests {

	/**
	 * A command-line argument, so it outranks application.yaml's {@code server.port:
	 * ${PORT:3000}}.
	 */
	private static final String RANDOM_PORT = "--server.port=0";

	@Test
	void startWhenNoSecretOnLocalhostThenEphemeralSecretAndWarning(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.run(RANDOM_PORT)) {
			BridgeSettings settings = context.getBean(BridgeSettings.class);
			assertThat(settings.ephemeralSecret()).isTrue();
			assertThat(settings.secret()).hasSizeGreaterThanOrEqualTo(32);
			assertThat(settings.url().home()).isEqualTo("http://localhost:3000/");
			SessionTokens sessions = context.getBean(SessionTokens.class);
			assertThat(sessions.verify(sessions.issue(TestSessions.OCTOCAT).token()).user())
				.isEqualTo(TestSessions.OCTOCAT);
			assertThat(settings.providers().enabled()).extracting(ProviderDefinition::id).containsExactly("dev");
			assertThat(output).contains("AUTH_SECRET is not set: using a random secret for this local run only")
				.contains("Development sign-in is on at http://localhost:3000/dev-idp")
				.doesNotContain(settings.secret())
				.doesNotContain(settings.devIdp().orElseThrow().clientSecret());
			assertThat(settings.hasura()).isEmpty();
			assertThat(output.getAll().split("\n"))
				.filteredOn(line -> line.contains("HASURA_GRAPHQL_ENDPOINT is not set"))
				.singleElement()
				.asString()
				.contains("WARN");
		}
	}

	/**
	 * Beans are created when first needed (spring.main.lazy-initialization), so the
	 * server listens before the WebFlux stack exists; it is built before startup ends, so
	 * the first request on any other route does not wait for it.
	 */
	@Test
	void startWhenReadyThenTheWebFluxStackIsBuilt() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.run(RANDOM_PORT)) {
			assertThat(context.getBeanFactory().containsSingleton("httpHandler")).isTrue();
			assertThat(context.getBeanFactory().containsSingleton("authRoutes")).isTrue();
		}
	}

	@Test
	void startWhenProviderButtonColoursHardToReadThenWarningNamingTheFile(@TempDir Path dir, CapturedOutput output)
			throws Exception {
		Path file = Files.writeString(dir.resolve("acme.yaml"), """
				name: Acme
				type: oauth
				client-id: acme-id
				client-secret: acme-secret
				authorization-uri: https://acme.example.test/authorize
				token-uri: https://acme.example.test/token
				user-info-uri: https://acme.example.test/user
				profile: github
				style: {bg: "#eb5424", text: "#fff"}
				""");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties("AUTH_PROVIDERS_DIR=" + dir)
			.run(RANDOM_PORT)) {
			assertThat(output.getAll().split("\n")).filteredOn(line -> line.contains(file + ": the style's"))
				.singleElement()
				.asString()
				.contains("WARN")
				.contains("contrast of 3.6:1, below the 4.5:1");
		}
	}

}
