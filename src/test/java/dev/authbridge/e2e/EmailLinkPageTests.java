package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Sign-in links in the development run, as a person with a keyboard or a phone meets
 * them: the sign-in page's e-mail form, the "check your e-mail" page, the link in the
 * development outbox, and the demo page signed in.
 */
@BrowserTest
class EmailLinkPageTests {

	@Test
	void signInByLinkWhenTypedThenCheckYourMailPageByKeyboardAndTheLinkSignsIn(Browser browser) {
		E2eBridge bridge = E2eBridge.withAccounts();
		browser.open(bridge.url("/api/auth/signin?callbackUrl=%2F"));
		browser.find(By.id("link-email")).sendKeys("mary@example.test" + Keys.ENTER);

		browser.until(ExpectedConditions.urlContains("/api/auth/verify-request"));
		assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Check your e-mail");
		browser.screenshot("verify-request");
		new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
		@SuppressWarnings("unchecked")
		Map<String, Object> focus = (Map<String, Object>) browser.script(SigninPageTests.FOCUS);
		assertThat(focus).containsEntry("tag", "A")
			.containsEntry("text", "ask for another link")
			.containsEntry("focusVisible", true)
			.containsEntry("outline", "solid 3px rgb(9, 105, 218)");
		browser.screenshot("verify-request-tab");

		browser.open(bridge.url("/dev-outbox"));
		WebElement link = browser.find(By.cssSelector("article.mail a[href*='/api/auth/callback/email']"));
		browser.open(link.getAttribute("href"));

		browser.until(ExpectedConditions.urlToBe(bridge.url("/")));
		assertThat(browser.find(By.id("user-email")).getText()).isEqualTo("mary@example.test");
		assertThat(browser.find(By.id("user-id")).getText()).startsWith("credentials|");
		browser.screenshot("demo-signed-in-by-link");
	}

	@Test
	void verifyRequestPageWhenOnAPhoneThenEverythingFitsWithoutSidewaysScrolling(Browser browser) {
		browser.driver().manage().window().setSize(new Dimension(360, 640));
		browser.open(E2eBridge.withAccounts().url("/api/auth/verify-request?provider=email&type=email"));

		assertThat(browser.find(By.cssSelector("[role=status]")).getText()).startsWith("A sign-in link has been sent");
		long viewport = (Long) browser.script("return document.documentElement.clientWidth");
		assertThat(viewport).as("the viewport's width").isLessThanOrEqualTo(360);
		assertThat(browser.script("return document.documentElement.scrollWidth")).as("the page's width")
			.isEqualTo(viewport);
		for (WebElement text : browser.driver().findElements(By.cssSelector("main p, main h1"))) {
			assertThat(text.getRect().getX()).isGreaterThanOrEqualTo(0);
			assertThat(text.getRect().getX() + text.getRect().getWidth()).isLessThanOrEqualTo((int) viewport);
		}
		browser.screenshot("verify-request-narrow");
	}

}
