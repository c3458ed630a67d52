package dev.authbridge.provider.profile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderDefinition.ProviderType;
import dev.authbridge.provider.ProviderStyle;
import dev.authbridge.user.UserProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GitHub mapper against its own fake api.github.com, which answers
 * {@code GET /user/emails} with the recorded payloads of
 * {@code src/test/resources/providers/github}; {@code GET /user} is the caller's
 * (Spring's userinfo step), so its payload comes in as the attributes.
 */
class GithubProfileMapperTests {

	static final String TOKEN = "gho_16C7e42F292c6912E7710c838347Ae178B4a";

	final WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	final GithubProfileMapper mapper = new GithubProfileMapper(WebClient.create());

	@AfterEach
	void stopApi() {
		this.api.stop();
	}

	@Test
	void mapWhenEmailPublicThenProfileWithItAndNoEmailsLookup() {
		ProviderDefinition github = githubAt(apiAnsweringEmails(200, "[]"));

		StepVerifier.create(this.mapper.map(github, user("octocat"), token()))
			.expectNext(new UserProfile("github", "583231", "The Octocat", "octocat@github.com",
					"https://avatars.githubusercontent.com/u/583231?v=4"))
			.verifyComplete();
		assertThat(this.api.getAllServeEvents()).isEmpty();
	}

	@Test
	void mapWhenEmailPrivateThenPrimaryVerifiedFromEmailsAndLoginForName() {
		ProviderDefinition github = githubAt(apiAnsweringEmails(200, payload("emails-monalisa")));

		StepVerifier.create(this.mapper.map(github, user("monalisa"), token()))
			.expectNext(new UserProfile("github", "2154093875", "monalisa", "mona@example.com",
					"https://avatars.githubusercontent.com/u/2154093875?v=4"))
			.verifyComplete();
	}

	@Test
	void mapWhenEmailPrivateThenEmailsAskedWithTheAccessTokenForJson() {
		ProviderDefinition github = githubAt(apiAnsweringEmails(200, payload("emails-monalisa")));

		this.mapper.map(github, user("monalisa"), token()).block();

		this.api.verify(1,
				getRequestedFor(urlPathEqualTo("/api/v3/user/emails"))
					.withHeader("Authorization", equalTo("Bearer " + TOKEN))
					.withHeader("Accept", equalTo("application/json")));
	}

	static Stream<Arguments> emailsWithoutAPrimaryVerifiedOne() {
		return Stream.of(arguments("none", "[]"),
				arguments("verified, not primary",
						"[{\"email\":\"mona@example.com\",\"primary\":false,\"verified\":true,\"visibility\":null}]"),
				arguments("primary, not verified",
						"[{\"email\":\"mona@example.com\",\"primary\":true,\"verified\":false,\"visibility\":null}]"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("emailsWithoutAPrimaryVerifiedOne")
	void mapWhenNoPrimaryVerifiedEmailThenProfileWithoutEmail(String name, String emails) {
		ProviderDefinition github = githubAt(apiAnsweringEmails(200, emails));

		StepVerifier.create(this.mapper.map(github, user("monalisa"), token())).assertNext(profile -> {
			assertThat(profile.accountId()).isEqualTo("2154093875");
			assertThat(profile.email()).isNull();
		}).verifyComplete();
	}

	static Stream<Arguments> emailsFailures() {
		return Stream.of(arguments(401, "error-bad_credentials"), arguments(404, "error-not_found"));
	}

	/**
	 * ProviderLogin turns any failure of the mapper into {@code userinfo_failed}; the
	 * mapper must not hide one.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("emailsFailures")
	void mapWhenEmailsAnswersApiErrorThenThatError(int status, String payload) {
		ProviderDefinition github = githubAt(apiAnsweringEmails(status, payload(payload)));

		StepVerifier.create(this.mapper.map(github, user("monalisa"), token()))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(WebClientResponseException.class,
					response -> assertThat(response.getStatusCode().value()).isEqualTo(status)))
			.verify();
	}

	/**
	 * Starts the fake API answering {@code GET /api/v3/user/emails} with {@code status}
	 * and {@code body}.
	 */
	private String apiAnsweringEmails(int status, String body) {
		this.api.stubFor(get(urlPathEqualTo("/api/v3/user/emails")).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody(body)));
		this.api.start();
		return "http://127.0.0.1:" + this.api.port() + "/api/v3";
	}

	private static ProviderDefinition githubAt(String apiUrl) {
		return new ProviderDefinition("github", "GitHub", ProviderType.OAUTH, "github-client-id", "secret",
				"client_secret_basic", null, "https://github.com/login/oauth/authorize",
				"https://github.com/login/oauth/access_token", apiUrl + "/user", List.of("read:user", "user:email"),
				"github", ProviderStyle.DEFAULT, "providers/github.yaml");
	}

	/**
	 * GitHub's {@code GET /user} for {@code login}, read as Spring's userinfo step reads
	 * it.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> user(String login) {
		return JsonMapper.builder().build().readValue(payload("user-" + login), Map.class);
	}

	private static OAuth2AccessToken token() {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, TOKEN, Instant.now(), null);
	}

	private static String payload(String name) {
		try (InputStream in = GithubProfileMapperTests.class
			.getResourceAsStream("/providers/github/" + name + ".json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
