package dev.authbridge;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * The whole service on a random port, driven over real HTTP by {@code WebTestClient},
 * with GitHub and Auth0 enabled and one SPA origin allowed as callbackUrl and for CORS.
 * One shared context for every test class that uses it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "AUTH_SECRET=" + BridgeTest.SECRET, "AUTH_URL=" + BridgeTest.URL,
				"AUTH_GITHUB_ID=github-client-id", "AUTH_GITHUB_SECRET=github-client-secret",
				"AUTH_AUTH0_ID=auth0-client-id", "AUTH_AUTH0_SECRET=auth0-client-secret",
				"AUTH_AUTH0_ISSUER=https://tenant.auth0.test/", "AUTH_REDIRECT_ALLOWLIST=" + BridgeTest.SPA,
				"AUTH_CORS_ORIGINS=" + BridgeTest.SPA })
@AutoConfigureWebTestClient
public @interface BridgeTest {

	String SECRET = "test-secret-0123456789abcdef0123456789abcdef";

	String URL = "http://app.example.test";

	String SPA = "http://spa.example.test:5173";

}
