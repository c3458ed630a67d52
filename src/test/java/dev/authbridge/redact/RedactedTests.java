package dev.authbridge.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.authbridge.config.AccountProperties;
import dev.authbridge.config.AccountSettings;
import dev.authbridge.config.AuthProperties;
import dev.authbridge.config.BridgeSettings;
import dev.authbridge.config.DatabaseProperties;
import dev.authbridge.config.EmailSettings;
import dev.authbridge.config.HasuraProperties;
import dev.authbridge.credentials.AttemptLimits;
import dev.authbridge.db.Account;
import dev.authbridge.db.DatabaseUrl;
import dev.authbridge.devidp.DevIdp;
import dev.authbridge.hasura.HasuraConnection;
import dev.authbridge.login.FlowState;
import dev.authbridge.login.ProviderLogin;
import dev.authbridge.mail.SmtpServer;
import dev.authbridge.provider.ProviderDefinition.ProviderType;
import dev.authbridge.provider.ProviderDefinition;
import dev.authbridge.provider.ProviderRegistry;
import dev.authbridge.provider.ProviderStyle;
import dev.authbridge.redirect.AuthPages;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.HasuraJwtConfig;
import dev.authbridge.session.SignedSession;
import dev.authbridge.web.CsrfCookie;
import dev.authbridge.web.TrustedProxies;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.unit.DataSize;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.ResponseCookie;

/**
 * Every record that holds a secret prints none (issue #14): each is built with
 * {@link #SECRET} in every secret component, the settings records with the others nested
 * in them, so that a redaction taken out shows here.
 */
class RedactedTests {

	static final String SECRET = "known-secret-0123456789abcdef0123456789abcdef";

	static final AuthUrl URL = AuthUrl.parse("http://localhost:3000");

	record Sample(String name, String secret, String token) {
	}

	static Stream<Named<Record>> recordsHoldingSecrets() {
		return Stream
			.of(bridgeSettings(), authProperties(), new HasuraProperties("http://hasura:8080/v1/graphql", SECRET,
					"{\"type\":\"HS256\",\"key\":\"" + SECRET + "\"}", "user", List.of(), Duration.ofSeconds(5), null,
					null, Duration.ofSeconds(2), false, DataSize.ofMegabytes(1), Duration.ofSeconds(30), 2000),
					new AccountProperties(true, SECRET, new AccountProperties.Attempts(5, 20, Duration.ofMinutes(15)),
							new AccountProperties.Signups(10, Duration.ofHours(1)), 32, Duration.ofSeconds(2), email()),
					email(), SmtpServer.parse(emailServer(), new ArrayList<>()).orElseThrow(),
					new DatabaseProperties(databaseUrl(), 10, Duration.ofSeconds(5)), hasuraJwt(), provider(),
					accountSettings(), database(), hasuraConnection(), new DevIdp(URL, SECRET),
					new Account(UUID.randomUUID(), "ada@example.test", "Ada", SECRET, null),
					new FlowState("github", SECRET, SECRET, SECRET, "http://localhost:3000/api/auth/callback/github",
							"/"),
					new ProviderLogin.Start("https://github.com/login/oauth/authorize?state=" + SECRET, SECRET),
					new AccessTokens.AccessToken(SECRET, Instant.EPOCH), new SignedSession(SECRET, Instant.EPOCH),
					new CsrfCookie.Issued(SECRET, ResponseCookie.from("authjs.csrf-token", SECRET).build()))
			.map(record -> Named.of(record.getClass().getSimpleName(), record));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("recordsHoldingSecrets")
	void toStringWhenRecordHoldsSecretThenSecretNotPrinted(Record record) {
		assertThat(record.toString()).startsWith(record.getClass().getSimpleName() + "[").doesNotContain(SECRET);
	}

	@Test
	void toStringWhenSecretsNamedThenOnlyThoseMaskedAndTheRestPrinted() {
		assertThat(Redacted.toString(new Sample("ada", SECRET, SECRET), "secret", "token"))
			.isEqualTo("Sample[name=ada, secret=[redacted], token=[redacted]]");
	}

	@Test
	void toStringWhenSecretNotSetThenPrintedAsItIs() {
		assertThat(Redacted.toString(new Sample("ada", null, ""), "secret", "token"))
			.isEqualTo("Sample[name=ada, secret=null, token=]");
	}

	@Test
	void toStringWhenNamedComponentMissingThenRejected() {
		Sample sample = new Sample("ada", SECRET, SECRET);
		assertThatIllegalArgumentException().isThrownBy(() -> Redacted.toString(sample, "password"))
			.withMessageContaining("Sample has no component password");
	}

	private static BridgeSettings bridgeSettings() {
		return new BridgeSettings(URL, SECRET, false, false, TrustedProxies.parse(List.of(), new ArrayList<>()),
				Set.of(), Set.of(), new ProviderRegistry(List.of(provider())), Optional.of(new DevIdp(URL, SECRET)),
				hasuraJwt(), null, Duration.ofDays(30), Duration.ofDays(1), Duration.ofMinutes(15),
				Duration.ofSeconds(10), Optional.of(hasuraConnection()), AuthPages.builtIn(),
				Optional.of(accountSettings()),
				new AuthProperties.Connections(Duration.ofSeconds(60), Duration.ofSeconds(30)), Optional.empty(),
				Duration.ofSeconds(2), Optional.empty(), Optional.empty(), Duration.ofMinutes(5), Optional.empty());
	}

	private static AuthProperties authProperties() {
		return new AuthProperties("http://localhost:3000", SECRET, false, List.of(), List.of(), List.of(), List.of(),
				new AuthProperties.Session(Duration.ofDays(30), Duration.ofDays(1)),
				new AuthProperties.AccessToken(Duration.ofMinutes(15)), Duration.ofSeconds(10),
				new AuthProperties.Connections(Duration.ofSeconds(60), Duration.ofSeconds(30)), "auto",
				new AuthProperties.Pages("", "", "", ""),
				new AuthProperties.Jwt(null, Duration.ofMinutes(5), "RS256", Duration.ofDays(30)));
	}

	private static HasuraJwtConfig hasuraJwt() {
		List<String> problems = new ArrayList<>();
		HasuraJwtConfig config = HasuraJwtConfig.parse("{\"type\":\"HS256\",\"key\":\"" + SECRET + "\"}", problems);
		assertThat(problems).isEmpty();
		return config;
	}

	private static ProviderDefinition provider() {
		return new ProviderDefinition("github", "GitHub", ProviderType.OAUTH, "github-client-id", SECRET,
				"client_secret_basic", null, "https://github.com/login/oauth/authorize",
				"https://github.com/login/oauth/access_token", "https://api.github.com/user", List.of("read:user"),
				"github", ProviderStyle.DEFAULT, "providers/github.yaml");
	}

	private static String databaseUrl() {
		return "postgres://bridge:" + SECRET + "@db:5432/auth";
	}

	private static DatabaseUrl database() {
		return DatabaseUrl.decide(databaseUrl(), 10, Duration.ofSeconds(5), new ArrayList<>()).orElseThrow();
	}

	private static AccountSettings accountSettings() {
		return new AccountSettings(database(), true, SECRET,
				new AttemptLimits(5, 20, Duration.ofMinutes(15), 10, Duration.ofHours(1)), 32, Duration.ofSeconds(2),
				EmailSettings.decide(email(), true, new ArrayList<>()));
	}

	private static String emailServer() {
		return "smtps://bridge:" + SECRET + "@mail.example.test:465";
	}

	private static AccountProperties.Email email() {
		return new AccountProperties.Email(emailServer(), "AuthBridge <no-reply@example.test>", Duration.ofSeconds(10),
				2, null, 3, 10, Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofHours(24), "off",
				Duration.ofHours(24));
	}

	private static HasuraConnection hasuraConnection() {
		return new HasuraConnection(URI.create("http://hasura:8080/v1/graphql"), SECRET, Duration.ofSeconds(5),
				"mutation { __typename }");
	}

}
