package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The sign-in page as people with a keyboard only, a phone or their eyes on the brand
 * colours meet it.
 */
@BrowserTest
class SigninPageTests {

	static final String FOCUS = """
			const element = document.activeElement;
			const style = getComputedStyle(element);
			return { text: element.textContent, tag: element.tagName, focusVisible: element.matches(':focus-visible'),
			         outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor };
			""";

	@Test
	void signinPageWhenWalkedWithTheKeyboardThenEveryButtonFocusedVisiblyAndEnterSignsIn(Browser browser,
			E2eBridge bridge) {
		browser.open(bridge.url("/api/auth/signin?callbackUrl=%2F"));
		List<String> buttons = browser.find(By.tagName("main"))
			.findElements(By.tagName("button"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(buttons).containsExactlyInAnyOrder("Sign in with Auth0", "Sign in with Development sign-in");

		List<String> focused = new ArrayList<>();
		for (int i = 0; i < buttons.size(); i++) {
			new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
			@SuppressWarnings("unchecked")
			Map<String, Object> focus = (Map<String, Object>) browser.script(FOCUS);
			assertThat(focus).containsEntry("tag", "BUTTON")
				.containsEntry("focusVisible", true)
				.containsEntry("outline", "solid 3px rgb(9, 105, 218)");
			focused.add((String) focus.get("text"));
			browser.screenshot("tab-" + (i + 1));
		}
		assertThat(focused).as("Tab reaches each provider button once, in page order").isEqualTo(buttons);

		for (int back = buttons.size() - 1 - buttons.indexOf("Sign in with Auth0"); back > 0; back--) {
			new Actions(browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
		}
		assertThat(browser.script("return document.activeElement.textContent")).isEqualTo("Sign in with Auth0");
		new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();

		assertThat(browser.find(By.tagName("h2")).getText()).isEqualTo("Mock OAuth2 Server Sign-in");
		browser.screenshot("enter-on-auth0");
	}

	@Test
	void signinPageWhenRenderedThenButtonsInTheirBrandColoursAndThePageSaysItsLanguage(Browser browser,
			E2eBridge bridge) {
		browser.open(bridge.url("/api/auth/signin"));

		assertThat(colours(browser, "Sign in with Auth0")).isEqualTo("rgb(0, 0, 0) on rgb(235, 84, 36)");
		assertThat(colours(browser, "Sign in with Development sign-in"))
			.isEqualTo("rgb(77, 45, 0) on rgb(255, 248, 197)");
		assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
		browser.screenshot("brand-colours");
	}

	@Test
	void signinPageWhenOnANarrowPhoneThenEverythingFitsWithoutSidewaysScrolling(Browser browser, E2eBridge bridge) {
		browser.driver().manage().window().setSize(new Dimension(320, 640));
		browser.open(bridge.url("/api/auth/signin?error=OAuthCallback"));

		assertThat(browser.find(By.cssSelector("[role=alert]")).getText())
			.isEqualTo("The provider's answer could not be accepted. Try signing in again.");
		long viewport = (Long) browser.script("return document.documentElement.clientWidth");
		assertThat(viewport).as("the viewport's width").isLessThanOrEqualTo(320);
		assertThat(browser.script("return document.documentElement.scrollWidth")).as("the page's width")
			.isEqualTo(viewport);
		for (WebElement button : browser.driver().findElements(By.tagName("button"))) {
			assertThat(button.getRect().getX()).isGreaterThanOrEqualTo(0);
			assertThat(button.getRect().getX() + button.getRect().getWidth()).isLessThanOrEqualTo((int) viewport);
		}
		browser.screenshot("narrow");
	}

	/**
	 * "text on background" of the button saying {@code label}, as the browser paints it.
	 */
	private static String colours(Browser browser, String label) {
		return (String) browser.script("""
				const button = [...document.querySelectorAll('button')].find(b => b.textContent === arguments[0]);
				const style = getComputedStyle(button);
				return style.color + ' on ' + style.backgroundColor;
				""", label);
	}

}
