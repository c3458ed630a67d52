package dev.authbridge.login;

import dev.authbridge.AuthBridgeApplication;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One more bridge process, as an operator would start it, in this JVM on a random port: for scale-out and startup cases. */
final class BridgeInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private BridgeInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static BridgeInstance start(List<String> properties) {
		return new BridgeInstance(new SpringApplicationBuilder(AuthBridgeApplication.class)
			.properties(properties.toArray(String[]::new))
			.run("--server.port=0")); // an argument: it outranks application.yaml's ${PORT:3000}, a default would not
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
