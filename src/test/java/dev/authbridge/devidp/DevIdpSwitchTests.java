package dev.authbridge.devidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.authbridge.AuthBridgeApplication;
import dev.authbridge.config.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The development provider exists only where it is meant to: not once a real provider is
 * configured, never on https or another host, not when turned off; and asking for it on
 * https stops startup.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevIdpSwitchTests {

	/**
	 * A command-line argument, so it outranks application.yaml's {@code server.port:
	 * ${PORT:3000}}.
	 */
	private static final String RANDOM_PORT = "--server.port=0";

	static final String SECRET = "AUTH_SECRET=dev-idp-switch-secret-0123456789abcdef";

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "AUTH_GITHUB_ID=github-id,AUTH_GITHUB_SECRET=github-secret",
			"AUTH_URL=https://auth.example.test", "AUTH_URL=http://auth.example.test", "AUTH_DEV_PROVIDER=false" })
	void startWhenAutoIsOffThenNoDevProviderAndNoDevIdpRoutes(String settings, CapturedOutput output) {
		List<String> properties = new ArrayList<>(List.of(SECRET));
		properties.addAll(List.of(settings.split(",")));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties(properties.toArray(String[]::new))
			.run(RANDOM_PORT)) {
			WebTestClient client = WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
				.build();
			client.get()
				.uri("/api/auth/providers")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.dev")
				.doesNotExist();
			for (String path : List.of("/.well-known/openid-configuration", "/authorize", "/jwks", "/userinfo")) {
				client.get().uri("/dev-idp" + path).exchange().expectStatus().isNotFound();
			}
			client.post().uri("/dev-idp/token").exchange().expectStatus().isNotFound();
		}
		assertThat(output).doesNotContain("Development sign-in is on");
	}

	@Test
	void startWhenForcedOnWithHttpsAuthUrlThenStopsSayingWhy() {
		Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties(SECRET, "AUTH_URL=https://auth.example.test", "AUTH_DEV_PROVIDER=true")
			.run(RANDOM_PORT)
			.close());
		Throwable cause = thrown;
		while (cause != null && !(cause instanceof InvalidConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).isInstanceOf(InvalidConfigurationException.class);
		assertThat(((InvalidConfigurationException) cause).problems()).containsExactly(
				"AUTH_DEV_PROVIDER is true but AUTH_URL https://auth.example.test/ is not a plain local http URL: the "
						+ "development provider lets anyone sign in as anyone, so set AUTH_DEV_PROVIDER=false");
	}

	@Test
	void startWhenForcedOnBesideGithubThenBothListed(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties("AUTH_DEV_PROVIDER=true", "AUTH_GITHUB_ID=github-id", "AUTH_GITHUB_SECRET=github-secret")
			.run(RANDOM_PORT)) {
			WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
				.build()
				.get()
				.uri("/api/auth/providers")
				.exchange()
				.expectBody()
				.jsonPath("$.dev.name")
				.isEqualTo("Development sign-in")
				.jsonPath("$.github.name")
				.isEqualTo("GitHub");
		}
		assertThat(output).contains("Development sign-in is on at http://localhost:3000/dev-idp");
	}

}
