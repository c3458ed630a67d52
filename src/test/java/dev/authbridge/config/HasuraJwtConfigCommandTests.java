package dev.authbridge.config;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authbridge.session.TestKeys;
import java.security.KeyPair;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class HasuraJwtConfigCommandTests {

	@Test
	void runWhenOnlyAuthSecretThenPrintsHs256ConfigWithThatKey(CapturedOutput output) {
		int exit = HasuraJwtConfigCommand.run(new String[] { "hasura-jwt-config",
				"--AUTH_SECRET=command-secret-0123456789abcdef0123456789", "--server.port=0" });
		assertThat(exit).isZero();
		assertThat(output.getOut().strip())
			.isEqualTo("{\"type\":\"HS256\",\"key\":\"command-secret-0123456789abcdef0123456789\"}");
	}

	@Test
	void runWhenHasuraJwtSecretSetThenPrintsTheSameConfig(CapturedOutput output) {
		String config = "{\"type\":\"HS512\",\"key\":\"" + "k".repeat(64) + "\",\"claims_namespace_path\":\"$.hasura\","
				+ "\"claims_format\":\"stringified_json\",\"issuer\":\"authbridge\"}";
		int exit = HasuraJwtConfigCommand.run(new String[] { "hasura-jwt-config",
				"--AUTH_SECRET=command-secret-0123456789abcdef0123456789", "--HASURA_GRAPHQL_JWT_SECRET=" + config });
		assertThat(exit).isZero();
		assertThat(output.getOut().strip()).isEqualTo(config);
	}

	@Test
	void runWhenStaticKeyPairThenPrintsTheConfigWithThePublicKey(CapturedOutput output) {
		KeyPair pair = TestKeys.generate("ES256");
		String config = JSONObjectUtils.toJSONString(Map.of("type", "ES256", "key", TestKeys.publicPem(pair)));
		int exit = HasuraJwtConfigCommand.run(new String[] { "hasura-jwt-config",
				"--AUTH_SECRET=command-secret-0123456789abcdef0123456789", "--HASURA_GRAPHQL_JWT_SECRET=" + config,
				"--AUTH_JWT_PRIVATE_KEY=" + TestKeys.traditionalPem(pair) });
		assertThat(exit).isZero();
		assertThat(output.getOut().strip()).isEqualTo(config).doesNotContain("PRIVATE");
	}

	@Test
	void runWhenJwkUrlThenPrintsTheSameConfig(CapturedOutput output) {
		String config = "{\"jwk_url\":\"http://bridge:3000/api/auth/jwks\",\"claims_namespace\":\"hasura\","
				+ "\"audience\":[\"app\"]}";
		int exit = HasuraJwtConfigCommand.run(new String[] { "hasura-jwt-config",
				"--AUTH_SECRET=command-secret-0123456789abcdef0123456789", "--HASURA_GRAPHQL_JWT_SECRET=" + config,
				"--DATABASE_URL=postgres://app:secret@db:5432/app", "--AUTH_JWT_ALGORITHM=EdDSA" });
		assertThat(exit).isZero();
		assertThat(output.getOut().strip()).isEqualTo(config);
	}

	@Test
	void runWhenJwkUrlWithoutDatabaseOrPrivateKeyThenProblemAndExitOne(CapturedOutput output) {
		int exit = HasuraJwtConfigCommand
			.run(new String[] { "hasura-jwt-config", "--AUTH_SECRET=command-secret-0123456789abcdef0123456789",
					"--HASURA_GRAPHQL_JWT_SECRET={\"jwk_url\":\"http://bridge:3000/api/auth/jwks\"}" });
		assertThat(exit).isEqualTo(1);
		assertThat(output.getOut()).isEmpty();
		assertThat(output.getErr()).contains("HASURA_GRAPHQL_JWT_SECRET has \"jwk_url\" but DATABASE_URL is not set");
	}

	@Test
	void runWhenNoAuthSecretThenRefusesBecauseTheKeyWouldChangeEveryStart(CapturedOutput output) {
		int exit = HasuraJwtConfigCommand.run(new String[] { "hasura-jwt-config" });
		assertThat(exit).isEqualTo(2);
		assertThat(output.getOut()).isEmpty();
		assertThat(output.getErr()).contains("AUTH_SECRET is not set");
	}

	@Test
	void runWhenMisconfiguredThenProblemsOnStandardErrorAndExitOne(CapturedOutput output) {
		int exit = HasuraJwtConfigCommand.run(new String[] { "hasura-jwt-config", "--AUTH_SECRET=short" });
		assertThat(exit).isEqualTo(1);
		assertThat(output.getOut()).isEmpty();
		assertThat(output.getErr()).contains("AUTH_SECRET is only 5 characters");
	}

}
