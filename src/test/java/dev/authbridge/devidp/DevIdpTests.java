package dev.authbridge.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderDefinition.ProviderType;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.provider.ProviderStyle;
import dev.authbridge.redirect.AuthUrl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When {@code AUTH_DEV_PROVIDER} turns the development provider on, and the provider the
 * bridge then gets.
 */
class DevIdpTests {

	static final ProviderRegistry NONE = new ProviderRegistry(List.of());

	static final ProviderRegistry GITHUB = new ProviderRegistry(List
		.of(new ProviderDefinition("github", "GitHub", ProviderType.OAUTH, "id", "secret", "client_secret_basic", "",
				"https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token",
				"https://api.github.com/user", List.of(), "github", ProviderStyle.DEFAULT, "providers/github.yaml")));

	@ParameterizedTest(name = "{0} {1} trustHost={2} github={3} -> {4}")
	@CsvSource(delimiter = '|', textBlock = """
			auto  | http://localhost:3000         | false | false | true
			AUTO  | http://127.0.0.1:8080         | false | false | true
			auto  | http://localhost:3000         | false | true  | false
			auto  | http://localhost:3000         | true  | false | false
			auto  | http://127.example.com:3000   | false | false | false
			auto  | https://localhost:3000        | false | false | false
			auto  | https://auth.example.com      | false | false | false
			auto  | http://auth.example.com       | false | false | false
			true  | http://localhost:3000         | false | true  | true
			false | http://localhost:3000         | false | false | false
			""")
	void decideWhenSettingAndUrlThenOnOrOff(String setting, String url, boolean trustHost, boolean github, boolean on) {
		List<String> problems = new ArrayList<>();
		assertThat(DevIdp.decide(setting, AuthUrl.parse(url), trustHost, github ? GITHUB : NONE, problems).isPresent())
			.isEqualTo(on);
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					https://auth.example.com | AUTH_DEV_PROVIDER is true but AUTH_URL https://auth.example.com/ is not a plain local http URL
					http://auth.example.com  | AUTH_DEV_PROVIDER is true but AUTH_URL http://auth.example.com/ is not a plain local http URL
					""")
	void decideWhenTrueOnNonLocalUrlThenProblem(String url, String problem) {
		List<String> problems = new ArrayList<>();
		assertThat(DevIdp.decide("true", AuthUrl.parse(url), false, NONE, problems)).isEmpty();
		assertThat(problems).singleElement().asString().startsWith(problem);
	}

	@Test
	void decideWhenTrueBehindTrustedProxyThenProblemAndOff() {
		List<String> problems = new ArrayList<>();
		assertThat(DevIdp.decide("true", AuthUrl.parse("http://localhost:3000"), true, NONE, problems)).isEmpty();
		assertThat(problems).singleElement()
			.asString()
			.startsWith("AUTH_DEV_PROVIDER is true but so is AUTH_TRUST_HOST");
	}

	@Test
	void decideWhenSettingUnknownThenProblem() {
		List<String> problems = new ArrayList<>();
		assertThat(DevIdp.decide("yes", AuthUrl.parse("http://localhost:3000"), false, NONE, problems)).isEmpty();
		assertThat(problems).containsExactly("AUTH_DEV_PROVIDER must be auto, true or false");
	}

	@Test
	void definitionWhenOnThenOidcProviderDiscoveredFromItsIssuerUnderAuthUrl() {
		DevIdp idp = DevIdp.decide("auto", AuthUrl.parse("http://localhost:3000/auth"), false, NONE, new ArrayList<>())
			.orElseThrow();
		ProviderDefinition definition = idp.definition();
		assertThat(definition.id()).isEqualTo("dev");
		assertThat(definition.name()).isEqualTo("Development sign-in");
		assertThat(definition.type()).isEqualTo(ProviderType.OIDC);
		assertThat(definition.issuer()).isEqualTo("http://localhost:3000/auth/dev-idp");
		assertThat(definition.clientId()).isEqualTo("authbridge-dev");
		assertThat(definition.clientSecret()).hasSizeGreaterThanOrEqualTo(43).isEqualTo(idp.clientSecret());
		assertThat(definition.scopes()).containsExactly("openid", "profile", "email");
		assertThat(definition.profile()).isEqualTo("oidc");
		assertThat(definition.enabled()).isTrue();
		assertThat(idp.redirectUri()).isEqualTo("http://localhost:3000/auth/api/auth/callback/dev");
		assertThat(idp.toString()).doesNotContain(idp.clientSecret());
	}

	@Test
	void decideWhenStartedTwiceThenAnotherClientSecret() {
		AuthUrl url = AuthUrl.parse("http://localhost:3000");
		assertThat(DevIdp.decide("auto", url, false, NONE, new ArrayList<>()).orElseThrow().clientSecret())
			.isNotEqualTo(DevIdp.decide("auto", url, false, NONE, new ArrayList<>()).orElseThrow().clientSecret());
	}

}
