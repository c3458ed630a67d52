package dev.authbridge;

import dev.authbridge.config.HasuraJwtConfigCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * AuthBridge: NextAuth's REST API for SPA + Hasura stacks.
 *
 * <pre>
 *   java -jar authbridge.jar                     serve /api/auth on $PORT (default 3000)
 *   java -jar authbridge.jar hasura-jwt-config   print the HASURA_GRAPHQL_JWT_SECRET Hasura needs to trust our tokens
 * </pre>
 */
@SpringBootApplication
public class AuthBridgeApplication {

	public static void main(String[] args) {
		if (args.length > 0 && HasuraJwtConfigCommand.NAME.equals(args[0])) {
			System.exit(HasuraJwtConfigCommand.run(args));
		}
		SpringApplication.run(AuthBridgeApplication.class, args);
	}

}
