package dev.authbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.authbridge.provider.ProviderDefinition.ProviderType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

class ProviderParserTests {

	static final ProviderParser PARSER = new ProviderParser(
			new MockEnvironment().withProperty("ACME_ID", "acme-id")::resolveRequiredPlaceholders);

	static final Map<String, Object> OAUTH = Map.of("name", "Acme", "type", "oauth", "client-id", "id", "client-secret",
			"secret", "authorization-uri", "https://acme.example.com/authorize", "token-uri",
			"https://acme.example.com/token", "user-info-uri", "https://api.acme.example.com/user", "profile",
			"github");

	static final String STYLE_HINT = "\"style\" must be a mapping of two hex colours";

	static final Map<String, Object> OIDC = Map.of("name", "Acme", "type", "oidc", "client-id", "id", "client-secret",
			"secret", "issuer", "https://sso.acme.example.com");

	@Test
	void parseWhenOauthThenEveryField() {
		ProviderDefinition provider = parse("acme", with(OAUTH, "scope", "read:user user:email"));
		assertThat(provider.id()).isEqualTo("acme");
		assertThat(provider.name()).isEqualTo("Acme");
		assertThat(provider.type()).isEqualTo(ProviderType.OAUTH);
		assertThat(provider.clientId()).isEqualTo("id");
		assertThat(provider.clientSecret()).isEqualTo("secret");
		assertThat(provider.clientAuthenticationMethod()).isEqualTo("client_secret_basic");
		assertThat(provider.authorizationUri()).isEqualTo("https://acme.example.com/authorize");
		assertThat(provider.tokenUri()).isEqualTo("https://acme.example.com/token");
		assertThat(provider.userInfoUri()).isEqualTo("https://api.acme.example.com/user");
		assertThat(provider.scopes()).containsExactly("read:user", "user:email");
		assertThat(provider.profile()).isEqualTo("github");
		assertThat(provider.source()).isEqualTo("acme.yaml");
		assertThat(provider.enabled()).isTrue();
	}

	@Test
	void parseWhenOidcWithoutScopeOrProfileThenOidcDefaults() {
		ProviderDefinition provider = parse("acme", OIDC);
		assertThat(provider.type()).isEqualTo(ProviderType.OIDC);
		assertThat(provider.issuer()).isEqualTo("https://sso.acme.example.com");
		assertThat(provider.scopes()).containsExactly("openid", "profile", "email");
		assertThat(provider.profile()).isEqualTo("oidc");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scopes")
	void parseWhenScopeWrittenThenList(Object scope, List<String> scopes) {
		assertThat(parse("acme", with(OIDC, "scope", scope)).scopes()).isEqualTo(scopes);
	}

	static Stream<Arguments> scopes() {
		return Stream.of(arguments("openid", List.of("openid")),
				arguments("  openid   profile ", List.of("openid", "profile")),
				arguments("openid,profile, email", List.of("openid", "profile", "email")),
				arguments(List.of("openid", "groups"), List.of("openid", "groups")));
	}

	@Test
	void parseWhenPlaceholdersThenResolvedAndTrimmed() {
		ProviderDefinition provider = parse("acme",
				with(with(OIDC, "client-id", " ${ACME_ID} "), "client-secret", "${ACME_SECRET:fallback}"));
		assertThat(provider.clientId()).isEqualTo("acme-id");
		assertThat(provider.clientSecret()).isEqualTo("fallback");
	}

	@Test
	void parseWhenScalarsNotStringsThenText() {
		ProviderDefinition provider = parse("acme", with(with(OIDC, "client-id", 12345), "client-secret", true));
		assertThat(provider.clientId()).isEqualTo("12345");
		assertThat(provider.clientSecret()).isEqualTo("true");
	}

	@Test
	void parseWhenClientIdEmptyThenDisabledAndEndpointsNotRequired() {
		ProviderDefinition provider = parse("acme", Map.of("name", "Acme", "type", "oauth", "client-id", ""));
		assertThat(provider.enabled()).isFalse();
	}

	@Test
	void parseWhenPublicClientThenNoSecretNeeded() {
		ProviderDefinition provider = parse("acme",
				with(with(OIDC, "client-secret", ""), "client-authentication-method", "none"));
		assertThat(provider.clientAuthenticationMethod()).isEqualTo("none");
		assertThat(provider.clientSecret()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "a", "github", "auth0", "my-idp-2", "0idp" })
	void parseWhenIdIsLowerCaseLettersDigitsDashThenAccepted(String id) {
		assertThat(parse(id, OIDC).id()).isEqualTo(id);
	}

	static Stream<Arguments> problems() {
		return Stream.of(arguments("Bad_Name", OIDC, "the file name must be a provider id"),
				arguments("-dash-first", OIDC, "the file name must be a provider id"),
				arguments("a".repeat(41), OIDC, "the file name must be a provider id"),
				arguments("credentials", OIDC, "the file name must be a provider id"),
				arguments("dev", OIDC,
						"the file name must be a provider id: lower-case letters, digits and '-', not credentials, dev"),
				arguments("acme", with(OIDC, "colour", "blue"), "unknown key \"colour\""),
				arguments("acme", with(OIDC, "type", "saml"), "\"type\" must be oauth or oidc"),
				arguments("acme", without(OIDC, "type"), "\"type\" must be oauth or oidc"),
				arguments("acme", without(OIDC, "name"), "\"name\" is required"),
				arguments("acme", with(OIDC, "name", List.of("a", "b")), "\"name\" must be a single value"),
				arguments("acme", with(OIDC, "client-authentication-method", "private_key_jwt"),
						"\"client-authentication-method\" must be one of"),
				arguments("acme", with(OIDC, "client-secret", ""),
						"\"client-secret\" is empty while \"client-id\" is set"),
				arguments("acme", without(OIDC, "issuer"), "\"issuer\" must be an absolute http(s) URL (it is empty)"),
				arguments("acme", with(OIDC, "issuer", "sso.acme.example.com"),
						"\"issuer\" must be an absolute http(s) URL"),
				arguments("acme", with(OIDC, "scope", "profile email"),
						"\"scope\" of an oidc provider must include openid"),
				arguments("acme", with(OIDC, "scope", Map.of("a", 1)), "\"scope\" must be a space-separated string"),
				arguments("acme", with(OIDC, "scope", List.of("openid", 1)),
						"\"scope\" must be a space-separated string"),
				arguments("acme", with(OIDC, "client-id", "${ACME_UNSET}"),
						"\"client-id\" uses a placeholder that is not set"),
				arguments("acme", without(OAUTH, "authorization-uri"), "\"authorization-uri\" must be an absolute"),
				arguments("acme", without(OAUTH, "token-uri"), "\"token-uri\" must be an absolute"),
				arguments("acme", without(OAUTH, "user-info-uri"), "\"user-info-uri\" must be an absolute"),
				arguments("acme", with(OAUTH, "token-uri", "ftp://acme.example.com/token"),
						"\"token-uri\" must be an absolute"),
				arguments("acme", with(OAUTH, "token-uri", "https://acme example/token"),
						"\"token-uri\" must be an absolute"),
				arguments("acme", without(OAUTH, "profile"), "\"profile\" is required for type oauth"),
				arguments("acme", with(OIDC, "style", "#24292f"), STYLE_HINT),
				arguments("acme", with(OIDC, "style", Map.of("bg", "#24292f")), STYLE_HINT),
				arguments("acme", with(OIDC, "style", Map.of("bg", "#24292f", "text", "#fff", "logo", "x.svg")),
						STYLE_HINT),
				arguments("acme", with(OIDC, "style", Map.of("bg", "black", "text", "#fff")), STYLE_HINT),
				arguments("acme", with(OIDC, "style", Map.of("bg", "#000", "text", "#fff; } body { display: none")),
						STYLE_HINT),
				arguments("acme", with(OIDC, "style", Map.of("bg", "#12345", "text", "#fff")), STYLE_HINT));
	}

	@Test
	void parseWhenStyleThenButtonColoursLowerCased() {
		ProviderDefinition provider = parse("acme",
				with(OIDC, "style", Map.of("bg", "#EB5424", "text", "${ACME_TEXT:#000}")));
		assertThat(provider.style()).isEqualTo(new ProviderStyle("#eb5424", "#000"));
	}

	@Test
	void parseWhenNoStyleThenTheBridgesOwnButtonColours() {
		assertThat(parse("acme", OIDC).style()).isEqualTo(ProviderStyle.DEFAULT);
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@MethodSource("problems")
	void parseWhenInvalidThenNullAndProblemPrefixedWithSource(String id, Map<String, Object> yaml, String problem) {
		List<String> problems = new ArrayList<>();
		assertThat(PARSER.parse(id, yaml, id + ".yaml", problems)).isNull();
		assertThat(problems).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith(id + ".yaml: "));
		assertThat(problems).anySatisfy(line -> assertThat(line).contains(problem));
	}

	@Test
	void parseWhenProblemsListedBeforeThenStillReturnsDefinition() {
		List<String> problems = new ArrayList<>(List.of("earlier.yaml: broken"));
		assertThat(PARSER.parse("acme", OIDC, "acme.yaml", problems)).isNotNull();
		assertThat(problems).containsExactly("earlier.yaml: broken");
	}

	static ProviderDefinition parse(String id, Map<String, Object> yaml) {
		List<String> problems = new ArrayList<>();
		ProviderDefinition provider = PARSER.parse(id, yaml, id + ".yaml", problems);
		assertThat(problems).isEmpty();
		return provider;
	}

	static Map<String, Object> with(Map<String, Object> yaml, String key, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(yaml);
		copy.put(key, value);
		return copy;
	}

	static Map<String, Object> without(Map<String, Object> yaml, String key) {
		Map<String, Object> copy = new LinkedHashMap<>(yaml);
		copy.remove(key);
		return copy;
	}

}
