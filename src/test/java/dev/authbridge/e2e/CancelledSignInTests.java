package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A person who changes their mind at the provider ends on the bridge's error page, signed
 * out.
 */
@BrowserTest
class CancelledSignInTests {

	@Test
	void signInWhenCancelledAtTheProviderThenAccessDeniedPageAndNoSession(Browser browser, E2eBridge bridge) {
		browser.open(bridge.url("/api/auth/signin?callbackUrl=%2F"));
		browser.find(By.xpath("//button[text()='Sign in with Development sign-in']")).click();
		assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Development sign-in — not for production");
		browser.screenshot("provider-signin-page");

		browser.find(By.xpath("//button[text()='Cancel']")).click();

		assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Access denied");
		assertThat(browser.driver().getCurrentUrl())
			.isEqualTo(bridge.url("/api/auth/error?error=AccessDenied&reason=access_denied"));
		assertThat(browser.find(By.tagName("main")).getText()).contains("You do not have permission to sign in.")
			.contains("Error AccessDenied: access_denied");
		browser.screenshot("error-page");

		browser.find(By.linkText("Sign in again")).click();
		assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Sign in");
		browser.open(bridge.url("/api/auth/session"));
		assertThat(browser.find(By.tagName("body")).getText()).isEqualTo("{}");
	}

}
