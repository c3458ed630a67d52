package dev.authbridge.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end test: a real headless Chromium ({@link Browser} parameters) against the
 * shared {@link E2eBridge}, as a person would use them, with screenshots of each step
 * under {@code target/e2e-screenshots/}. Skipped, saying how to install Chromium, where
 * it is missing, unless {@code AUTHBRIDGE_REQUIRE_CHROMIUM=1}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("e2e")
@ExtendWith(Chromium.class)
@interface BrowserTest {

}
