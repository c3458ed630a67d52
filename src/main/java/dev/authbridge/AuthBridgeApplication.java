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

	private static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

	public static void main(String[] args) {
		if (args.length > 0 && HasuraJwtConfigCommand.NAME.equals(args[0])) {
			System.exit(HasuraJwtConfigCommand.run(args));
		}
		// Reactor Netty 1.3.6 can stop reading a keep-alive connection whose next request arrives before the previous
		// exchange has terminated (reactor/reactor-netty#4361), which stalls a browser right after a callback. Until
		// a release with the fix is managed by Spring Boot, flush before re-reading, which closes that route.
		if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
			System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
		}
		SpringApplication.run(AuthBridgeApplication.class, args);
	}

}
