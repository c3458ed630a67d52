package dev.authbridge.login;

import dev.authbridge.AuthBridgeApplication;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more bridge process, as an operator would start it, in this JVM on a random or given port: for scale-out and
 * startup cases, and the browser tests.
 */
public final class BridgeInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private BridgeInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static BridgeInstance start(List<String> properties) {
		return start(0, properties);
	}

	/** Listening on {@code port}, 0 for a random one. */
	public static BridgeInstance start(int port, List<String> properties) {
		return new BridgeInstance(new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties(properties.toArray(String[]::new))
			.run("--server.port=" + port)); // an argument: it outranks application.yaml's ${PORT:3000}, a default would not
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
