package dev.authbridge.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.authbridge.provider.ProviderDefinition.ProviderType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.mock.env.MockEnvironment;

/**
 * The shared contract every file in {@code providers/} meets (enabled by its
 * {@code AUTH_<ID>_ID}, valid once its variables are set), then
 * {@code AUTH_PROVIDERS_DIR} folders: overrides, additions and every kind of bad file,
 * all reported in one go.
 */
class ProviderFilesTests {

	@TempDir
	Path dir;

	/** The id of every built-in provider file, as packaged on the classpath. */
	static Stream<String> builtInIds() throws IOException {
		return Arrays.stream(new PathMatchingResourcePatternResolver().getResources("classpath*:providers/*.yaml"))
			.map(resource -> resource.getFilename().replaceFirst("\\.yaml$", ""))
			.sorted();
	}

	@Test
	void builtInIdsThenGithubAndAuth0AtLeast() throws IOException {
		assertThat(builtInIds()).contains("auth0", "github");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builtInIds")
	void loadWhenBuiltInCredentialsSetThenValidAndEnabled(String id) throws IOException {
		List<String> problems = new ArrayList<>();
		ProviderRegistry registry = ProviderFiles.load(List.of(), withCredentials(id)::resolveRequiredPlaceholders,
				problems);
		assertThat(problems).isEmpty();
		ProviderDefinition provider = registry.find(id).orElseThrow();
		assertThat(provider.id()).isEqualTo(id);
		assertThat(provider.name()).isNotBlank();
		assertThat(provider.source()).isEqualTo("providers/" + id + ".yaml");
		assertThat(provider.clientId()).isEqualTo(id + "-client-id");
		assertThat(provider.clientSecret()).isEqualTo(id + "-client-secret");
		assertThat(provider.scopes()).isNotEmpty();
		assertThat(provider.profile()).isNotBlank();
		assertThat(provider.style().contrast()).as("contrast of %s's button text", id).isGreaterThanOrEqualTo(4.5);
		if (provider.type() == ProviderType.OIDC) {
			assertThat(provider.issuer()).isEqualTo("https://" + id + ".example.com/");
			assertThat(provider.scopes()).contains("openid");
		}
		else {
			assertThat(List.of(provider.authorizationUri(), provider.tokenUri(), provider.userInfoUri()))
				.allSatisfy(uri -> assertThat(uri).startsWith("https://"));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builtInIds")
	void loadWhenBuiltInClientIdEmptyThenLoadedButDisabled(String id) {
		List<String> problems = new ArrayList<>();
		ProviderRegistry registry = ProviderFiles.load(List.of(), new MockEnvironment()::resolveRequiredPlaceholders,
				problems);
		assertThat(problems).isEmpty();
		assertThat(registry.all()).extracting(ProviderDefinition::id).contains(id);
		assertThat(registry.find(id)).isEmpty();
		assertThat(registry.enabled()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builtInIds")
	void builtInWhenReadThenDeclaresItsButtonColours(String id) throws IOException {
		String yaml = new ClassPathResource("providers/" + id + ".yaml").getContentAsString(StandardCharsets.UTF_8);
		assertThat(yaml).containsPattern("(?m)^style: \\{bg: \"#\\p{XDigit}+\", text: \"#\\p{XDigit}+\"}$");
	}

	@Test
	void loadWhenGithubDefaultsThenGithubDotCom() {
		ProviderDefinition github = load(withCredentials("github")).find("github").orElseThrow();
		assertThat(github.authorizationUri()).isEqualTo("https://github.com/login/oauth/authorize");
		assertThat(github.tokenUri()).isEqualTo("https://github.com/login/oauth/access_token");
		assertThat(github.userInfoUri()).isEqualTo("https://api.github.com/user");
		assertThat(github.scopes()).containsExactly("read:user", "user:email");
		assertThat(github.profile()).isEqualTo("github");
	}

	@Test
	void loadWhenGithubEnterpriseUrlsThenUrisFollowThem() {
		MockEnvironment environment = withCredentials("github")
			.withProperty("AUTH_GITHUB_BASE_URL", "https://ghe.example.com")
			.withProperty("AUTH_GITHUB_API_URL", "https://ghe.example.com/api/v3");
		ProviderDefinition github = load(environment).find("github").orElseThrow();
		assertThat(github.authorizationUri()).isEqualTo("https://ghe.example.com/login/oauth/authorize");
		assertThat(github.tokenUri()).isEqualTo("https://ghe.example.com/login/oauth/access_token");
		assertThat(github.userInfoUri()).isEqualTo("https://ghe.example.com/api/v3/user");
	}

	@Test
	void loadWhenFolderHasGithubThenItReplacesTheBuiltIn() throws IOException {
		Path file = write("github.yaml", """
				name: GitHub Enterprise
				type: oauth
				client-id: ${CORP_GITHUB_ID}
				client-secret: corp-secret
				authorization-uri: https://git.corp.example.com/login/oauth/authorize
				token-uri: https://git.corp.example.com/login/oauth/access_token
				user-info-uri: https://git.corp.example.com/api/v3/user
				profile: github
				""");
		List<String> problems = new ArrayList<>();
		ProviderRegistry registry = ProviderFiles.load(List.of(this.dir),
				new MockEnvironment().withProperty("CORP_GITHUB_ID", "corp-id")::resolveRequiredPlaceholders, problems);
		assertThat(problems).isEmpty();
		assertThat(registry.all()).filteredOn(provider -> provider.id().equals("github"))
			.singleElement()
			.satisfies(github -> {
				assertThat(github.name()).isEqualTo("GitHub Enterprise");
				assertThat(github.clientId()).isEqualTo("corp-id");
				assertThat(github.tokenUri()).isEqualTo("https://git.corp.example.com/login/oauth/access_token");
				assertThat(github.scopes()).isEmpty();
				assertThat(github.source()).isEqualTo(file.toString());
			});
		assertThat(registry.enabled()).extracting(ProviderDefinition::id).containsExactly("github");
	}

	@Test
	void loadWhenFolderHasNewProviderThenAddedAlongsideBuiltIns() throws IOException {
		write("acme-sso.yaml", """
				name: ACME SSO
				type: oidc
				client-id: acme
				client-secret: acme-secret
				issuer: https://sso.acme.example.com
				""");
		write("README.md", "not a provider");
		write("notes.txt", "- also: not a provider");
		List<String> problems = new ArrayList<>();
		ProviderRegistry registry = ProviderFiles.load(List.of(this.dir),
				new MockEnvironment()::resolveRequiredPlaceholders, problems);
		assertThat(problems).isEmpty();
		assertThat(registry.enabled()).extracting(ProviderDefinition::id).containsExactly("acme-sso");
		assertThat(registry.all()).extracting(ProviderDefinition::id).contains("acme-sso", "auth0", "github");
	}

	static Stream<Arguments> badFiles() {
		return Stream.of(arguments("Bad_Name.yaml", oidc("client-id: x\n"), "the file name must be a provider id"),
				arguments("credentials.yaml", oidc("client-id: x\n"), "the file name must be a provider id"),
				arguments("unknown-key.yaml", oidc("colour: blue\n"), "unknown key \"colour\""),
				arguments("bad-type.yaml", "name: X\ntype: saml\n", "\"type\" must be oauth or oidc"),
				arguments("no-token-uri.yaml", """
						name: X
						type: oauth
						client-id: x
						client-secret: y
						authorization-uri: https://x.example.com/authorize
						user-info-uri: https://x.example.com/user
						profile: github
						""", "\"token-uri\" must be an absolute http(s) URL (it is empty)"),
				arguments("no-issuer.yaml", "name: X\ntype: oidc\nclient-id: x\nclient-secret: y\n",
						"\"issuer\" must be an absolute http(s) URL"),
				arguments("no-openid.yaml", oidc("scope: profile email\n"),
						"\"scope\" of an oidc provider must include openid"),
				arguments("unset-placeholder.yaml", oidc("client-id: ${SURELY_NOT_SET_ANYWHERE}\n"),
						"\"client-id\" uses a placeholder that is not set"),
				arguments("invalid-yaml.yaml", "name: [unclosed\ntype: oidc\n", "is not valid YAML"),
				arguments("a-list.yaml", "- name: X\n- type: oidc\n", "must be a YAML mapping"),
				arguments("empty.yaml", "", "must be a YAML mapping"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badFiles")
	void loadWhenFileInvalidThenProblemNamesTheFile(String fileName, String yaml, String problem) throws IOException {
		Path file = write(fileName, yaml);
		List<String> problems = new ArrayList<>();
		ProviderRegistry registry = ProviderFiles.load(List.of(this.dir),
				new MockEnvironment()::resolveRequiredPlaceholders, problems);
		assertThat(problems).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith(file + ": "));
		assertThat(problems).anySatisfy(line -> assertThat(line).contains(problem));
		assertThat(registry.all()).extracting(ProviderDefinition::source).doesNotContain(file.toString());
	}

	@Test
	void loadWhenFolderMissingThenProblemNamesIt() {
		Path missing = this.dir.resolve("missing");
		List<String> problems = new ArrayList<>();
		ProviderFiles.load(List.of(missing), new MockEnvironment()::resolveRequiredPlaceholders, problems);
		assertThat(problems).containsExactly("AUTH_PROVIDERS_DIR: " + missing + " is not a folder");
	}

	@Test
	void loadWhenManyBadFilesThenEveryProblemReportedAtOnce() throws IOException {
		List<Path> files = new ArrayList<>();
		badFiles().forEach(arguments -> {
			Object[] values = arguments.get();
			files.add(write((String) values[0], (String) values[1]));
		});
		Path missing = this.dir.resolve("missing");
		List<String> problems = new ArrayList<>();
		ProviderFiles.load(List.of(this.dir, missing), new MockEnvironment()::resolveRequiredPlaceholders, problems);
		assertThat(files)
			.allSatisfy(file -> assertThat(problems).anySatisfy(line -> assertThat(line).startsWith(file + ": ")));
		assertThat(problems).contains("AUTH_PROVIDERS_DIR: " + missing + " is not a folder");
		assertThat(problems).allSatisfy(line -> assertThat(line).satisfiesAnyOf(
				l -> assertThat(files).anySatisfy(file -> assertThat(l).startsWith(file + ": ")),
				l -> assertThat(l).startsWith("AUTH_PROVIDERS_DIR: ")));
	}

	@Test
	void loadWhenOneFileHasSeveralProblemsThenOneLineEach() throws IOException {
		Path file = write("multi.yaml", "type: saml\ncolour: blue\nshape: round\nscope: 42\n");
		List<String> problems = new ArrayList<>();
		ProviderFiles.load(List.of(this.dir), new MockEnvironment()::resolveRequiredPlaceholders, problems);
		assertThat(problems).containsExactlyInAnyOrder(file + ": unknown key \"colour\" (known: " + known() + ")",
				file + ": unknown key \"shape\" (known: " + known() + ")", file + ": \"type\" must be oauth or oidc",
				file + ": \"name\" is required",
				file + ": \"scope\" must be a space-separated string or a list of strings");
	}

	private static String known() {
		return "authorization-uri, client-authentication-method, client-id, client-secret, issuer, name, profile, "
				+ "scope, style, token-uri, type, user-info-uri";
	}

	private static String oidc(String more) {
		return "name: X\ntype: oidc\nclient-secret: y\nissuer: https://x.example.com\n" + more;
	}

	private Path write(String name, String content) {
		try {
			return Files.writeString(this.dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ProviderRegistry load(MockEnvironment environment) {
		List<String> problems = new ArrayList<>();
		ProviderRegistry registry = ProviderFiles.load(List.of(), environment::resolveRequiredPlaceholders, problems);
		assertThat(problems).isEmpty();
		return registry;
	}

	/**
	 * {@code AUTH_<ID>_ID}, {@code _SECRET} and {@code _ISSUER}, the variables each
	 * built-in file reads.
	 */
	private static MockEnvironment withCredentials(String id) {
		String prefix = "AUTH_" + id.toUpperCase(Locale.ROOT).replace('-', '_');
		return new MockEnvironment().withProperty(prefix + "_ID", id + "-client-id")
			.withProperty(prefix + "_SECRET", id + "-client-secret")
			.withProperty(prefix + "_ISSUER", "https://" + id + ".example.com/");
	}

}
