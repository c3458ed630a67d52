package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.FreePort;
import dev.authbridge.journeys.Mailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A person whose address must be proved ({@code AUTH_EMAIL_VERIFICATION=required}), on a
 * 360 px wide phone with the keyboard alone: sign up, open the mailed link, land signed
 * in with {@code emailVerified}, sign out, forget the password, reset it from the mailed
 * link, sign in with the new one. Every page on the way, and the pages that offer a new
 * link, are walked with Tab (each field, button and link reached once, in page order) and
 * checked to fit the screen. The SMTP server is GreenMail in this JVM.
 */
@BrowserTest
class VerificationJourneyTests {

	static final int MAIL_PORT = FreePort.next();

	/** A small phone's CSS width. */
	static final int PHONE_WIDTH = 360;

	static final String PASSWORD = "orbital mechanics 1962";

	static final String NEW_PASSWORD = "a brand new passphrase";

	/** What a keyboard can reach, as the page lists it. */
	static final String FOCUSABLE = "a[href], input:not([type=hidden]), button, summary";

	static final String DESCRIBE = """
			const describe = e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.name || e.textContent.trim());
			""";

	Mailbox mailbox;

	@BeforeEach
	void startMailbox() {
		this.mailbox = Mailbox.smtp(MAIL_PORT);
	}

	@AfterEach
	void stopMailbox() {
		this.mailbox.close();
	}

	@Test
	void journeyWhenSignedUpOnAPhoneByKeyboardThenMailVerifiesAndAResetPasswordSignsIn(Browser browser) {
		E2eBridge bridge = E2eBridge.withVerification(MAIL_PORT);
		browser.driver().manage().window().setSize(new Dimension(PHONE_WIDTH, 740));
		browser.open(bridge.url("/api/auth/signin?callbackUrl=%2F"));
		browser.find(By.tagName("summary")).sendKeys(Keys.ENTER);
		browser.find(By.id("signup-name"))
			.sendKeys("Katherine Johnson" + Keys.TAB + "katherine@example.test" + Keys.TAB + PASSWORD + Keys.ENTER);

		browser.until(ExpectedConditions.urlContains("/api/auth/verify-email/sent"));
		assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Check your e-mail");
		assertThat(browser.find(By.cssSelector("[role=status]")).getText()).contains("open the link");
		assertFitsAndTabReachesEverything(browser);
		browser.screenshot("check-your-email");

		browser.open(Mailbox.link(this.mailbox.received(1).get(0)).toString());

		browser.until(ExpectedConditions.urlToBe(bridge.url("/")));
		assertThat(browser.find(By.id("user-email")).getText()).isEqualTo("katherine@example.test");
		assertThat(emailVerified(browser)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z");
		browser.screenshot("verified-and-signed-in");

		browser.find(By.id("sign-out")).sendKeys(Keys.ENTER);
		browser.find(SignInJourneyTests.SIGNED_OUT);
		browser.open(bridge.url("/api/auth/signin?callbackUrl=%2F"));
		browser.find(By.linkText("Forgot your password?")).sendKeys(Keys.ENTER);
		browser.until(ExpectedConditions.urlToBe(bridge.url("/api/auth/password/forgot")));
		assertFitsAndTabReachesEverything(browser);
		browser.find(By.id("forgot-email")).sendKeys("katherine@example.test" + Keys.ENTER);

		browser.until(ExpectedConditions.urlToBe(bridge.url("/api/auth/password/forgot?sent=true")));
		assertThat(browser.find(By.cssSelector("[role=status]")).getText()).contains("Check your mail");
		assertFitsAndTabReachesEverything(browser);
		browser.screenshot("reset-link-sent");
		browser.open(Mailbox.link(this.mailbox.received(2).get(1)).toString());
		assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Choose a new password");
		assertFitsAndTabReachesEverything(browser);
		browser.screenshot("new-password-form");
		browser.find(By.id("reset-password")).sendKeys(NEW_PASSWORD + Keys.ENTER);

		browser.until(ExpectedConditions.urlToBe(bridge.url("/api/auth/signin")));
		browser.find(By.id("signin-email")).sendKeys("katherine@example.test" + Keys.TAB + PASSWORD + Keys.ENTER);
		assertThat(browser.find(By.cssSelector("p.error[role=alert]")).getText()).as("the old password no longer works")
			.contains("e-mail address and password are correct");
		browser.find(By.id("signin-email")).sendKeys("katherine@example.test" + Keys.TAB + NEW_PASSWORD + Keys.ENTER);

		browser.until(ExpectedConditions.urlToBe(bridge.url("/")));
		assertThat(browser.find(By.id("user-name")).getText()).isEqualTo("Katherine Johnson");
		assertThat(emailVerified(browser)).isNotNull();
		browser.screenshot("signed-in-with-the-new-password");
	}

	@Test
	void pagesForANewLinkWhenOnAPhoneByKeyboardThenEverythingReachedAndEnterSendsIt(Browser browser) {
		E2eBridge bridge = E2eBridge.withVerification(MAIL_PORT);
		browser.driver().manage().window().setSize(new Dimension(PHONE_WIDTH, 740));
		List<String> pages = List.of("/api/auth/verify-email/resend",
				"/api/auth/error?error=AccessDenied&reason=email_not_verified");
		for (int i = 0; i < pages.size(); i++) {
			browser.open(bridge.url(pages.get(i)));
			assertThat(browser.find(By.id("resend-email")).getDomAttribute("autocomplete")).isEqualTo("email");
			assertFitsAndTabReachesEverything(browser);
			browser.screenshot("new-link-page-" + (i + 1));

			browser.find(By.id("resend-email")).sendKeys("nobody" + i + "@example.test" + Keys.ENTER);

			browser.until(ExpectedConditions.urlContains("/api/auth/verify-email/sent"));
			assertThat(this.mailbox.received(i + 1)).hasSize(i + 1);
		}
		assertThat(Mailbox.body(this.mailbox.received(2).get(1))).contains("no account with it waits for one");
	}

	/**
	 * The page fits the window without sideways scrolling, and Tab from the top reaches
	 * every field, button and link once, in page order, each visibly focused.
	 */
	private static void assertFitsAndTabReachesEverything(Browser browser) {
		long viewport = (Long) browser.script("return document.documentElement.clientWidth");
		assertThat(viewport).as("the viewport's width").isLessThanOrEqualTo(PHONE_WIDTH);
		assertThat(browser.script("return document.documentElement.scrollWidth")).as("the page's width")
			.isEqualTo(viewport);
		for (WebElement element : browser.driver().findElements(By.cssSelector(FOCUSABLE))) {
			assertThat(element.getRect().getX()).as("left of %s", element.getTagName()).isGreaterThanOrEqualTo(0);
			assertThat(element.getRect().getX() + element.getRect().getWidth()).as("right of %s", element.getTagName())
				.isLessThanOrEqualTo((int) viewport);
		}
		@SuppressWarnings("unchecked")
		List<String> expected = (List<String>) browser
			.script(DESCRIBE + "return [...document.querySelectorAll(arguments[0])].map(describe);", FOCUSABLE);
		// from the top, as a person arriving at the page
		browser.driver().navigate().refresh();
		browser.find(By.tagName("h1"));
		List<String> reached = new ArrayList<>();
		for (int i = 0; i < expected.size(); i++) {
			new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
			@SuppressWarnings("unchecked")
			Map<String, Object> focus = (Map<String, Object>) browser.script(DESCRIBE
					+ "const e = document.activeElement; return { what: describe(e), visible: e.matches(':focus-visible') };");
			assertThat(focus).containsEntry("visible", true);
			reached.add((String) focus.get("what"));
		}
		assertThat(reached).as("Tab order").isEqualTo(expected);
	}

	/**
	 * {@code user.emailVerified} of {@code /api/auth/session}, as the page's script sees
	 * it.
	 */
	private static String emailVerified(Browser browser) {
		return (String) browser.script(
				"return fetch('/api/auth/session').then(answer => answer.json()).then(session => session.user.emailVerified);");
	}

}
