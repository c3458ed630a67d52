package dev.authbridge.journeys;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port, signing in through the shared {@link Upstreams}:
 * GitHub's stand-in and an OIDC provider as Auth0, with a 2 s provider timeout. One
 * context for every class that uses it; tests drive it with the {@link Browser}
 * parameters {@link FreshBrowsers} hands them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = Upstreams.class)
@ExtendWith(FreshBrowsers.class)
@interface FlowTest {

}
