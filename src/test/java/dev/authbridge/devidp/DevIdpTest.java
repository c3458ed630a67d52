package dev.authbridge.devidp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.util.TestSocketUtils;

/**
 * The service as a newcomer runs it: nothing configured but {@code PORT}. The port is a
 * free one chosen before the server starts, because {@code AUTH_URL} defaults to
 * {@code http://localhost:$PORT} and the bridge's OIDC discovery must reach its own
 * {@code /dev-idp} there; a random port would only be known after AUTH_URL is read. One
 * shared context for every test class that uses it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@ContextConfiguration(initializers = DevIdpTest.FreePort.class)
@AutoConfigureWebTestClient
public @interface DevIdpTest {

	/**
	 * Sets {@code PORT}, and so {@code server.port} and {@code AUTH_URL}, to a port that
	 * is free now.
	 */
	class FreePort implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		public static final int PORT = TestSocketUtils.findAvailableTcpPort();

		public static final String URL = "http://localhost:" + PORT;

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("free-port", Map.of("PORT", String.valueOf(PORT))));
		}

	}

}
