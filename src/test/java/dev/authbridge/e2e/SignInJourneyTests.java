package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A person signing in at the provider's own page and landing on the demo page, which
 * keeps its access token current; and signing out in one tab, which every other tab of
 * the app follows.
 */
@BrowserTest
class SignInJourneyTests {

	static final By SIGNED_IN = By.id("signed-in");

	static final By SIGNED_OUT = By.id("signed-out");

	@Test
	void signInWhenThroughTheProvidersOwnPageThenDemoPageShowsTheUser(Browser browser, E2eBridge bridge) {
		browser.open(bridge.url("/"));
		assertThat(browser.find(SIGNED_OUT).getText()).contains("You are signed out.");
		browser.screenshot("demo-signed-out");

		browser.find(By.linkText("Sign in")).click();
		assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Sign in");
		assertThat(browser.driver().findElements(By.cssSelector("form button"))).extracting(button -> button.getText())
			.containsExactlyInAnyOrder("Sign in with Auth0", "Sign in with Development sign-in");
		browser.screenshot("signin-page");

		browser.find(By.xpath("//button[text()='Sign in with Auth0']")).click();
		assertThat(browser.find(By.tagName("h2")).getText()).isEqualTo("Mock OAuth2 Server Sign-in");
		assertThat(browser.driver().getCurrentUrl()).startsWith(bridge.providerIssuer() + "/authorize?");
		browser.screenshot("provider-signin-page");

		signInAtProvider(browser, "grace", "Grace Hopper", "grace@example.test");

		assertThat(browser.driver().getCurrentUrl()).isEqualTo(bridge.url("/"));
		assertThat(browser.find(By.id("user-name")).getText()).isEqualTo("Grace Hopper");
		assertThat(browser.find(By.id("user-id")).getText()).isEqualTo("auth0|grace");
		assertThat(browser.find(By.id("user-email")).getText()).isEqualTo("grace@example.test");
		assertThat(browser.find(By.id("hasura-user-id")).getText()).isEqualTo("auth0|grace");
		assertThat(browser.find(By.id("hasura-role")).getText()).isEqualTo("user");
		assertThat(browser.driver().findElement(SIGNED_OUT).isDisplayed()).isFalse();
		browser.screenshot("demo-signed-in");
	}

	@Test
	void accessTokenWhenDueForRenewalThenDemoPageShowsTheNewOne(Browser browser, E2eBridge bridge) {
		signIn(browser, bridge, "ada", "Ada Lovelace");
		String firstExpiry = browser.find(By.id("token-expires")).getText();
		String firstClaims = browser.find(By.id("claims")).getText();
		browser.screenshot("first-token");

		String renewedExpiry = browser.until(driver -> {
			String shown = driver.findElement(By.id("token-expires")).getText();
			return shown.equals(firstExpiry) ? null : shown;
		});

		assertThat(Instant.parse(renewedExpiry)).isAfter(Instant.parse(firstExpiry));
		assertThat(browser.find(By.id("claims")).getText()).isNotEqualTo(firstClaims)
			.contains("\"sub\": \"auth0|ada\"");
		assertThat(browser.find(By.id("user-name")).getText()).isEqualTo("Ada Lovelace");
		browser.screenshot("renewed-token");
	}

	@Test
	void signOutWhenInOneTabThenTheOtherTabFollowsWithoutAskingTheBridge(Browser browser, E2eBridge bridge) {
		signIn(browser, bridge, "alan", "Alan Turing");
		String first = browser.driver().getWindowHandle();
		browser.driver().switchTo().newWindow(WindowType.TAB).get(bridge.url("/"));
		assertThat(browser.find(By.id("user-name")).getText()).isEqualTo("Alan Turing");
		String second = browser.driver().getWindowHandle();
		// From now on the second tab logs what its session answers say and when its page
		// turns to signed out.
		browser.script("""
				window.journal = [];
				const fetchAsTheClientDoes = window.fetch;
				window.fetch = async (...request) => {
				  const answer = await fetchAsTheClientDoes(...request);
				  if (String(request[0]).endsWith('/session')) {
				    const session = await answer.clone().json();
				    window.journal.push(session.user ? 'session: signed in' : 'session: signed out');
				  }
				  return answer;
				};
				new MutationObserver(() => {
				  if (!document.getElementById('signed-out').hidden) window.journal.push('page: signed out');
				}).observe(document.getElementById('signed-out'), { attributes: true });
				""");
		browser.screenshot("second-tab-signed-in");

		browser.driver().switchTo().window(first);
		browser.find(By.id("sign-out")).click();
		// looked up again on every try: the sign-out reloads the page, so an element
		// found before that goes stale
		browser.until(ExpectedConditions.textToBePresentInElementLocated(SIGNED_OUT, "You are signed out."));
		browser.screenshot("first-tab-signed-out");

		browser.driver().switchTo().window(second);
		browser.until(ExpectedConditions.visibilityOfElementLocated(SIGNED_OUT));
		assertThat(browser.driver().findElement(SIGNED_IN).isDisplayed()).isFalse();
		@SuppressWarnings("unchecked")
		List<String> journal = (List<String>) browser.script("return window.journal");
		assertThat(journal).contains("page: signed out");
		assertThat(journal.subList(0, journal.indexOf("page: signed out")))
			.as("the second tab was told by the first, not left to find out from /session")
			.doesNotContain("session: signed out");
		browser.screenshot("second-tab-followed");
	}

	/**
	 * Signs in at the provider's page as {@code user}, from the demo page, and waits for
	 * the demo page to show it.
	 */
	static void signIn(Browser browser, E2eBridge bridge, String user, String name) {
		browser.open(bridge.url("/api/auth/signin?callbackUrl=%2F"));
		browser.find(By.xpath("//button[text()='Sign in with Auth0']")).click();
		signInAtProvider(browser, user, name, user + "@example.test");
	}

	/**
	 * On the provider's sign-in page: the user and their claims typed in, submitted, back
	 * on the demo page.
	 */
	static void signInAtProvider(Browser browser, String user, String name, String email) {
		browser.find(By.name("username")).sendKeys(user);
		browser.find(By.name("claims")).sendKeys("{\"name\": \"" + name + "\", \"email\": \"" + email + "\"}");
		browser.find(By.cssSelector("input[type=submit]")).click();
		browser.until(ExpectedConditions.textToBe(By.id("user-name"), name));
	}

}
