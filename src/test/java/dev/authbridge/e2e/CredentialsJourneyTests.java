package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A person with no provider account: creating an account on the sign-in page by keyboard
 * alone, landing on the demo page as {@code credentials|<id>}, signing out, mistyping the
 * password, and signing in. Plain forms, no JavaScript on the bridge's pages.
 */
@BrowserTest
class CredentialsJourneyTests {

	@Test
	void signUpSignOutAndSignInWhenTypedThenDemoPageShowsTheAccount(Browser browser) {
		E2eBridge bridge = E2eBridge.withAccounts();
		browser.open(bridge.url("/api/auth/signin?callbackUrl=%2F"));
		browser.find(By.tagName("summary")).sendKeys(Keys.ENTER);
		browser.find(By.id("signup-name"))
			.sendKeys("Katherine Johnson" + Keys.TAB + "Katherine@Example.test" + Keys.TAB + "orbital mechanics 1962");
		browser.screenshot("signup-form-filled");

		browser.find(By.id("signup-password")).sendKeys(Keys.ENTER);

		browser.until(ExpectedConditions.urlToBe(bridge.url("/")));
		assertThat(browser.find(By.id("user-name")).getText()).isEqualTo("Katherine Johnson");
		assertThat(browser.find(By.id("user-email")).getText()).isEqualTo("katherine@example.test");
		assertThat(browser.find(By.id("user-id")).getText()).startsWith("credentials|");
		browser.screenshot("demo-signed-up");

		browser.find(By.id("sign-out")).click();
		browser.find(SignInJourneyTests.SIGNED_OUT);
		browser.open(bridge.url("/api/auth/signin?callbackUrl=%2F"));
		browser.find(By.id("signin-email"))
			.sendKeys("katherine@example.test" + Keys.TAB + "orbital mechanics 1961" + Keys.ENTER);
		assertThat(browser.find(By.cssSelector("p.error[role=alert]")).getText())
			.contains("e-mail address and password are correct");
		browser.screenshot("wrong-password");

		browser.find(By.id("signin-email"))
			.sendKeys("katherine@example.test" + Keys.TAB + "orbital mechanics 1962" + Keys.ENTER);

		browser.until(ExpectedConditions.urlToBe(bridge.url("/")));
		assertThat(browser.find(By.id("user-name")).getText()).isEqualTo("Katherine Johnson");
		browser.screenshot("demo-signed-in");
	}

	@Test
	void signUpWhenPasswordIsCommonThenTheOpenFormSaysWhy(Browser browser) {
		browser.open(E2eBridge.withAccounts().url("/api/auth/signin"));
		browser.find(By.tagName("summary")).click();
		browser.find(By.id("signup-email")).sendKeys("dorothy@example.test" + Keys.TAB + "iloveyou" + Keys.ENTER);

		assertThat(browser.find(By.cssSelector("p.error[role=alert]")).getText()).contains("most common");
		assertThat(browser.find(By.id("signup-password")).isDisplayed()).as("the sign-up form stays open").isTrue();
		browser.screenshot("common-password");
	}

}
