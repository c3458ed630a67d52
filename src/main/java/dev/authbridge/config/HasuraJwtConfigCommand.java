package dev.authbridge.config;

import java.util.Arrays;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@code java -jar authbridge.jar hasura-jwt-config}: prints, alone on standard output,
 * the {@code HASURA_GRAPHQL_JWT_SECRET} value under which Hasura accepts this bridge's
 * tokens, read from the same configuration the server reads, so the two never drift.
 */
public final class HasuraJwtConfigCommand {

	public static final String NAME = "hasura-jwt-config";

	private HasuraJwtConfigCommand() {
	}

	/** Runs the command; the result is the process exit code. */
	public static int run(String[] args) {
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandContext.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.main.banner-mode=off", "logging.level.root=off")
			.run(rest)) {
			BridgeSettings settings = context.getBean(BridgeSettings.class);
			if (settings.ephemeralSecret() && settings.secret().equals(settings.hasuraJwt().key())) {
				System.err.println("AUTH_SECRET is not set, so every start would use another key: "
						+ BridgeSettings.SECRET_HINT + ", or set HASURA_GRAPHQL_JWT_SECRET.");
				return 2;
			}
			System.out.println(settings.hasuraJwt().toJson());
			return 0;
		}
		catch (RuntimeException ex) {
			Throwable cause = ex;
			while (cause != null && !(cause instanceof InvalidConfigurationException)) {
				cause = cause.getCause();
			}
			if (cause instanceof InvalidConfigurationException invalid) {
				invalid.problems().forEach(problem -> System.err.println(problem));
				return 1;
			}
			throw ex;
		}
	}

	/**
	 * Only the settings; not a {@code @Configuration}, so the server's component scan
	 * leaves it alone.
	 */
	@EnableConfigurationProperties({ AuthProperties.class, HasuraProperties.class, DatabaseProperties.class,
			AccountProperties.class })
	static class CommandContext {

		@Bean
		BridgeSettings bridgeSettings(AuthProperties auth, HasuraProperties hasura, DatabaseProperties database,
				AccountProperties accounts, Environment environment) {
			return BridgeSettings.validate(auth, hasura, database, accounts, environment::resolveRequiredPlaceholders);
		}

	}

}
