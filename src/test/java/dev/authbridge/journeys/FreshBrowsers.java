package dev.authbridge.journeys;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * What every {@link FlowTest} starts from: both providers back to their normal answers,
 * the bridge done discovering Auth0 (in the background since startup), and each
 * {@link Browser} parameter a new browser on the test's bridge.
 */
final class FreshBrowsers implements BeforeEachCallback, ParameterResolver {

	private static final Set<Integer> DISCOVERED = ConcurrentHashMap.newKeySet();

	@Override
	public void beforeEach(ExtensionContext context) throws InterruptedException {
		Upstreams.github().reset();
		Upstreams.auth0().reset();
		int port = port(context);
		if (!DISCOVERED.contains(port)) {
			Browser.awaitProvider(port, "auth0", Duration.ofSeconds(10));
			DISCOVERED.add(port);
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == Browser.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return new Browser(port(context));
	}

	private static int port(ExtensionContext context) {
		return SpringExtension.getApplicationContext(context)
			.getEnvironment()
			.getRequiredProperty("local.server.port", Integer.class);
	}

}
