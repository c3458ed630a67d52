package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.AuthBridgeApplication;
import dev.authbridge.session.TestKeys;
import java.security.KeyPair;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bad configuration stops startup, naming every problem and what to set, and never
 * echoing a secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureTests {

	/**
	 * A command-line argument, so it outranks application.yaml's {@code server.port:
	 * ${PORT:3000}}.
	 */
	private static final String RANDOM_PORT = "--server.port=0";

	static final String GOOD_SECRET = "AUTH_SECRET=startup-secret-0123456789abcdef0123456789";

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					AUTH_SECRET=tooshort-secret                     | AUTH_SECRET is only 15 characters: set AUTH_SECRET to at least 32
					AUTH_URL=https://auth.example.com               | AUTH_SECRET is not set and AUTH_URL is not a plain local http URL
					AUTH_TRUST_HOST=true                            | AUTH_SECRET is not set while AUTH_TRUST_HOST is true
					AUTH_URL=auth.example.com                       | AUTH_URL must be an absolute http(s) URL
					AUTH_URL=ftp://auth.example.com                 | AUTH_URL must be an absolute http(s) URL
					AUTH_URL=https://auth.example.com/?next=1       | AUTH_URL must not have user info, a query or a fragment
					HASURA_GRAPHQL_JWT_SECRET={"type":"HS256","key":"short"} | HASURA_GRAPHQL_JWT_SECRET "key" must be at least 32 characters for HS256
					HASURA_GRAPHQL_JWT_SECRET={"type":"RS256","key":"-----BEGIN PUBLIC KEY-----"} | HASURA_GRAPHQL_JWT_SECRET "key" is not PEM (no -----BEGIN ...----- block): for "type":"RS256" set it to the public key
					HASURA_GRAPHQL_JWT_SECRET={"type":"PS256","key":"-----BEGIN PUBLIC KEY-----"} | HASURA_GRAPHQL_JWT_SECRET "type" must be HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512 or Ed25519
					AUTH_JWKS_MAX_AGE=0                             | AUTH_JWKS_MAX_AGE must be a positive duration
					HASURA_GRAPHQL_JWT_SECRET=HS256:secret          | HASURA_GRAPHQL_JWT_SECRET is not a JSON object
					AUTH_SESSION_MAX_AGE=0                          | AUTH_SESSION_MAX_AGE must be a positive duration
					AUTH_ACCESS_TOKEN_MAX_AGE=-5                    | AUTH_ACCESS_TOKEN_MAX_AGE must be a positive duration
					AUTH_REDIRECT_ALLOWLIST=spa.example.com         | AUTH_REDIRECT_ALLOWLIST entry "spa.example.com" is not an origin
					AUTH_CORS_ORIGINS=https://spa.example.com/app   | AUTH_CORS_ORIGINS entry "https://spa.example.com/app" is not an origin
					AUTH_TRUSTED_PROXIES=10.0.0.0/8,proxy.internal  | AUTH_TRUSTED_PROXIES entry "proxy.internal" is not an address range
					AUTH_TRUSTED_PROXIES=10.0.0.0/33                | AUTH_TRUSTED_PROXIES entry "10.0.0.0/33" is not an address range
					AUTH_GITHUB_ID=abc                              | providers/github.yaml: "client-secret" is empty while "client-id" is set
					AUTH_AUTH0_ID=abc                               | providers/auth0.yaml: "issuer" must be an absolute http(s) URL (it is empty)
					AUTH_HASURA_DEFAULT_ROLE=                       | AUTH_HASURA_DEFAULT_ROLE is empty
					AUTH_DEV_PROVIDER=maybe                         | AUTH_DEV_PROVIDER must be auto, true or false
					HASURA_GRAPHQL_ENDPOINT=http://hasura:8080/v1/graphql | HASURA_GRAPHQL_ADMIN_SECRET is not set while HASURA_GRAPHQL_ENDPOINT is
					HASURA_GRAPHQL_ENDPOINT=hasura:8080             | HASURA_GRAPHQL_ENDPOINT must be an absolute http(s) URL
					AUTH_HASURA_TIMEOUT=0                           | AUTH_HASURA_TIMEOUT must be a positive duration
					AUTH_HASURA_WEBHOOK_MAX_AGE=-1                  | AUTH_HASURA_WEBHOOK_MAX_AGE must be zero or a positive duration
					AUTH_HASURA_ANONYMOUS_ROLE=not a role           | AUTH_HASURA_ANONYMOUS_ROLE must be a Hasura role name
					AUTH_HASURA_PROXY=true                          | AUTH_HASURA_PROXY is true but HASURA_GRAPHQL_ENDPOINT is not set
					AUTH_HASURA_PROXY_MAX_BODY=0                    | AUTH_HASURA_PROXY_MAX_BODY must be a size between 1B and 64MB
					AUTH_HASURA_PROXY_TIMEOUT=0                     | AUTH_HASURA_PROXY_TIMEOUT must be a positive duration
					AUTH_HASURA_PROXY_MAX_SOCKETS=0                 | AUTH_HASURA_PROXY_MAX_SOCKETS must be at least 1
					AUTH_IDLE_TIMEOUT=0                             | AUTH_IDLE_TIMEOUT must be a positive duration
					AUTH_REQUEST_READ_TIMEOUT=-1                    | AUTH_REQUEST_READ_TIMEOUT must be a positive duration
					AUTH_LOG_FORMAT=xml                             | AUTH_LOG_FORMAT must be text or json
					AUTH_PAGES_SIGNIN=https://evil.example/login    | AUTH_PAGES_SIGNIN "https://evil.example/login" is not on AUTH_URL's origin (http://localhost:3000) or an origin in AUTH_REDIRECT_ALLOWLIST: set a path
					AUTH_PAGES_SIGNOUT=bye.html                     | AUTH_PAGES_SIGNOUT "bye.html" is neither a path starting with / nor an absolute http(s) URL
					AUTH_PAGES_ERROR=/api/auth/error                | AUTH_PAGES_ERROR "/api/auth/error" is one of the bridge's own routes
					""")
	void startWhenMisconfiguredThenStopsWithWhatToSet(String setting, String expected) {
		List<String> properties = new ArrayList<>(List.of(setting));
		if (!setting.startsWith("AUTH_SECRET") && !setting.startsWith("AUTH_URL=https")
				&& !setting.startsWith("AUTH_TRUST_HOST")) {
			properties.add(GOOD_SECRET);
		}
		InvalidConfigurationException failure = startupFailure(properties.toArray(String[]::new));
		assertThat(failure.problems()).anySatisfy(problem -> assertThat(problem).startsWith(expected));
	}

	/**
	 * Settings separated by spaces; each row is one mistake, so startup reports exactly
	 * one line, and no secret.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					DATABASE_URL=mysql://app:s3cret-db-password@db:3306/app | DATABASE_URL is not a PostgreSQL URL: set it like postgres://
					DATABASE_URL=postgres://app:s3cret-db-password@db:5432 | DATABASE_URL is not a PostgreSQL URL: set it like postgres://
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_ADMIN_SECRET=s3cret-admin-too-short | AUTH_ADMIN_SECRET is only 22 characters: set it to at least 32 random characters
					AUTH_ADMIN_SECRET=s3cret-admin-0123456789abcdef0123456789 | AUTH_ADMIN_SECRET is set but DATABASE_URL is not
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_SIGNIN_ATTEMPTS_PER_EMAIL=0 | AUTH_SIGNIN_ATTEMPTS_PER_EMAIL must be at least 1
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_SIGNIN_ATTEMPTS_PER_ADDRESS=0 | AUTH_SIGNIN_ATTEMPTS_PER_ADDRESS must be at least 1
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_SIGNIN_ATTEMPT_WINDOW=0 | AUTH_SIGNIN_ATTEMPT_WINDOW must be at least one second
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_SIGNUPS_PER_ADDRESS=0 | AUTH_SIGNUPS_PER_ADDRESS must be at least 1
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_SIGNUP_WINDOW=0 | AUTH_SIGNUP_WINDOW must be at least one second
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_PASSWORD_HASH_QUEUE=-1 | AUTH_PASSWORD_HASH_QUEUE must be 0 or more
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_REVOCATION_POLL_INTERVAL=0 | AUTH_REVOCATION_POLL_INTERVAL must be at least one second, e.g. 2s
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_REVOCATION_POLL_INTERVAL=500ms | AUTH_REVOCATION_POLL_INTERVAL must be at least one second, e.g. 2s
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_DATABASE_POOL_SIZE=0 | AUTH_DATABASE_POOL_SIZE must be between 1 and 1000 connections
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_DATABASE_TIMEOUT=0 | AUTH_DATABASE_TIMEOUT must be a positive duration
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_SERVER=http://bridge:s3cret-mail-password@mail.example.test AUTH_EMAIL_FROM=no-reply@example.test | AUTH_EMAIL_SERVER must start with smtp:// or smtps://
					AUTH_EMAIL_SERVER=smtps://bridge:s3cret-mail-password@mail.example.test AUTH_EMAIL_FROM=no-reply@example.test | AUTH_EMAIL_SERVER is set but DATABASE_URL is not
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_SERVER=smtps://bridge:s3cret-mail-password@mail.example.test | AUTH_EMAIL_FROM is not set
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_FROM=nobody@ | AUTH_EMAIL_FROM is not an e-mail address
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_TIMEOUT=0 | AUTH_EMAIL_TIMEOUT must be a positive duration
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_RETRIES=-1 | AUTH_EMAIL_RETRIES must be 0 or more
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_SENDS_PER_ADDRESS=0 | AUTH_EMAIL_SENDS_PER_ADDRESS must be at least 1
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_SENDS_PER_CLIENT=0 | AUTH_EMAIL_SENDS_PER_CLIENT must be at least 1
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_SEND_WINDOW=0 | AUTH_EMAIL_SEND_WINDOW must be at least one second
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_PASSWORD_RESET_MAX_AGE=0 | AUTH_PASSWORD_RESET_MAX_AGE must be at least one second
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_TLS_CA=/nonexistent/ca.pem | AUTH_EMAIL_TLS_CA /nonexistent/ca.pem is not a readable PEM file of certificates
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_VERIFICATION=always | AUTH_EMAIL_VERIFICATION "always" is not a mode: set off, optional or required
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_EMAIL_VERIFICATION_MAX_AGE=0 | AUTH_EMAIL_VERIFICATION_MAX_AGE must be at least one second
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_DEV_PROVIDER=false AUTH_EMAIL_VERIFICATION=required | AUTH_EMAIL_VERIFICATION is required but the bridge cannot mail the links: set AUTH_EMAIL_SERVER
					""")
	void startWhenAccountSettingWrongThenStopsWithItsOneLine(String settings, String expected, CapturedOutput output) {
		List<String> properties = new ArrayList<>(List.of(settings.split(" ")));
		properties.add(GOOD_SECRET);
		InvalidConfigurationException failure = startupFailure(properties.toArray(String[]::new));
		assertThat(failure.problems()).singleElement().asString().startsWith(expected);
		assertThat(output).doesNotContain("s3cret");
	}

	/**
	 * Hasura's {@code jwk_url} with generated keys, each row one mistake: the one line
	 * startup stops with. Separated by spaces, as above.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_JWT_ALGORITHM=PS256 | AUTH_JWT_ALGORITHM must be RS256, ES256 or EdDSA (Ed25519), not "PS256"
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_JWT_ALGORITHM=Ed25519 | AUTH_JWT_ALGORITHM must be RS256, ES256 or EdDSA (Ed25519), not "Ed25519"
					DATABASE_URL= | HASURA_GRAPHQL_JWT_SECRET has "jwk_url" but DATABASE_URL is not set: the rotating keys live in PostgreSQL, so set DATABASE_URL (or AUTH_JWT_PRIVATE_KEY
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_JWT_ROTATION=0 | AUTH_JWT_ROTATION must be a positive duration
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_JWT_ROTATION=-30d | AUTH_JWT_ROTATION must be a positive duration
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_JWT_ROTATION=20m | AUTH_JWT_ROTATION (1200 s) must be longer than a new key's publication delay (1260 s: AUTH_JWKS_MAX_AGE + AUTH_ACCESS_TOKEN_MAX_AGE + the 60 s reload)
					AUTH_SECRET= DATABASE_URL=postgres://app:s3cret-db-password@db/app | AUTH_SECRET is not set while HASURA_GRAPHQL_JWT_SECRET has "jwk_url": the generated keys are sealed with it
					DATABASE_URL=postgres://app:s3cret-db-password@db/app AUTH_JWT_ROTATION=1h AUTH_JWKS_MAX_AGE=1h | AUTH_JWT_ROTATION (3600 s) must be longer than a new key's publication delay (4560 s
					""")
	void startWhenJwkUrlSettingWrongThenStopsWithItsOneLine(String settings, String expected, CapturedOutput output) {
		List<String> properties = new ArrayList<>(List.of(settings.split(" ")));
		if (!settings.startsWith("AUTH_SECRET")) {
			properties.add(GOOD_SECRET);
		}
		properties.add("HASURA_GRAPHQL_JWT_SECRET={\"jwk_url\":\"http://authbridge:3000/api/auth/jwks\"}");
		InvalidConfigurationException failure = startupFailure(properties.toArray(String[]::new));
		assertThat(failure.problems()).singleElement().asString().startsWith(expected);
		assertThat(output).doesNotContain("s3cret");
	}

	@Test
	void startWhenJwkUrlWithoutDatabaseAndAnEcPrivateKeyThenStopsWithItsOneLine() {
		InvalidConfigurationException failure = startupFailure(GOOD_SECRET,
				"HASURA_GRAPHQL_JWT_SECRET={\"jwk_url\":\"http://authbridge:3000/api/auth/jwks\"}",
				"AUTH_JWT_ALGORITHM=ES256", "AUTH_JWT_PRIVATE_KEY=" + TestKeys.pkcs8Pem(TestKeys.generate("ES256")));
		assertThat(failure.problems()).singleElement()
			.asString()
			.startsWith("AUTH_JWT_PRIVATE_KEY with \"jwk_url\" and no DATABASE_URL must be an RSA key, with "
					+ "AUTH_JWT_ALGORITHM=RS256");
	}

	static Stream<Arguments> badKeyPairs() throws Exception {
		KeyPair rsa = TestKeys.generate("RS256");
		KeyPair small = TestKeys.rsa(1024);
		KeyPair p256 = TestKeys.generate("ES256");
		return Stream.of(
				arguments("missing private key", "RS256", TestKeys.publicPem(rsa), "",
						"AUTH_JWT_PRIVATE_KEY is not set while HASURA_GRAPHQL_JWT_SECRET has \"type\":\"RS256\""),
				arguments("wrong PEM", "RS256", TestKeys.publicPem(rsa), "-----BEGIN RSA PRIVATE KEY-----",
						"AUTH_JWT_PRIVATE_KEY is not PEM"),
				arguments("key too small", "RS256", TestKeys.publicPem(small), TestKeys.traditionalPem(small),
						"HASURA_GRAPHQL_JWT_SECRET \"key\" is an RSA key of 1024 bits: use at least 2048"),
				arguments("mismatched pair", "RS256", TestKeys.publicPem(rsa),
						TestKeys.traditionalPem(TestKeys.generate("RS256")),
						"AUTH_JWT_PRIVATE_KEY does not match the public key in HASURA_GRAPHQL_JWT_SECRET"),
				arguments("wrong key kind", "ES384", TestKeys.publicPem(p256), TestKeys.traditionalPem(p256),
						"HASURA_GRAPHQL_JWT_SECRET \"key\" is a P-256 key, but \"type\":\"ES384\" needs a P-384 key"),
				arguments("unknown type", "PS256", TestKeys.publicPem(rsa), TestKeys.pkcs8Pem(rsa),
						"HASURA_GRAPHQL_JWT_SECRET \"type\" must be HS256, HS384, HS512, RS256"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badKeyPairs")
	void startWhenKeyPairWrongThenStopsWithItsOneLine(String name, String type, String publicPem, String privatePem,
			String expected, CapturedOutput output) {
		InvalidConfigurationException failure = startupFailure(GOOD_SECRET,
				"HASURA_GRAPHQL_JWT_SECRET=" + JSONObjectUtils.toJSONString(Map.of("type", type, "key", publicPem)),
				"AUTH_JWT_PRIVATE_KEY=" + privatePem);
		assertThat(failure.problems()).singleElement().asString().startsWith(expected);
		assertThat(output).doesNotContain("PRIVATE KEY-----\n");
	}

	@Test
	void startWhenSeveralProblemsThenAllReportedAtOnceWithoutSecrets(CapturedOutput output) {
		InvalidConfigurationException failure = startupFailure("AUTH_URL=https://auth.example.com",
				"AUTH_SECRET=short-but-secret", "HASURA_GRAPHQL_JWT_SECRET={\"type\":\"HS256\",\"key\":\"tiny-key\"}",
				"AUTH_GITHUB_ID=abc");
		assertThat(failure.problems()).hasSize(3);
		assertThat(output).contains("AuthBridge is not configured correctly:")
			.contains("  - AUTH_SECRET is only 16 characters")
			.contains("Set the variables named above")
			.doesNotContain("short-but-secret")
			.doesNotContain("tiny-key");
	}

	@Test
	void startWhenSeveralBadCorsOriginsThenOneProblemEach() {
		InvalidConfigurationException failure = startupFailure(GOOD_SECRET,
				"AUTH_CORS_ORIGINS=http://localhost:5173,spa.example.com,https://app.example.com/x");
		assertThat(failure.problems()).containsExactly(
				"AUTH_CORS_ORIGINS entry \"spa.example.com\" is not an origin: list origins such as "
						+ "https://app.example.com, separated by commas",
				"AUTH_CORS_ORIGINS entry \"https://app.example.com/x\" is not an origin: list origins such as "
						+ "https://app.example.com, separated by commas");
	}

	/**
	 * Beans are created when first needed (spring.main.lazy-initialization), and with the
	 * hot path off no other bean asks for the settings at startup: they are checked at
	 * startup all the same.
	 */
	@Test
	void startWhenHotPathOffAndMisconfiguredThenStopsBeforeListening(CapturedOutput output) {
		InvalidConfigurationException failure = startupFailure("authbridge.hot-path=false",
				"AUTH_SECRET=tooshort-secret");
		assertThat(failure.problems()).singleElement().asString().startsWith("AUTH_SECRET is only 15 characters");
		assertThat(output).doesNotContain("Netty started");
	}

	/**
	 * The problems the service stops with when started with {@code properties}; fails the
	 * test if it starts.
	 */
	static InvalidConfigurationException startupFailure(String... properties) {
		Throwable thrown = catchThrowable(() -> {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthBridgeApplication.class)
				.properties(properties)
				.run(RANDOM_PORT)) {
				// started: the assertion below fails
			}
		});
		Throwable cause = thrown;
		while (cause != null && !(cause instanceof InvalidConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("startup failure").isInstanceOf(InvalidConfigurationException.class);
		return (InvalidConfigurationException) cause;
	}

}
