package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium with a profile of its own (no cookies shared with any other
 * test), driven by chromedriver, that saves a numbered screenshot for each step a test
 * names. Only the loopback host resolves, so nothing a page links to (the provider page's
 * web font, say) leaves the machine or waits for a DNS answer.
 */
final class Browser implements AutoCloseable {

	/** The longest wait for anything a page is expected to show. */
	static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ChromeDriver driver;

	private final Path profile;

	private final Path screenshots;

	private int shots;

	private Browser(ChromeDriver driver, Path profile, Path screenshots) {
		this.driver = driver;
		this.profile = profile;
		this.screenshots = screenshots;
	}

	static Browser start(Path binary, Path chromedriver, Path screenshots) {
		try {
			Path profile = Files.createTempDirectory("authbridge-chromium-");
			ChromeOptions options = new ChromeOptions().setBinary(binary.toFile())
				.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync",
						"--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1024,768",
						"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost");
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
				.usingAnyFreePort()
				.withLogOutput(OutputStream.nullOutputStream())
				.build();
			Files.createDirectories(screenshots);
			try (Stream<Path> old = Files.list(screenshots)) {
				old.forEach(Browser::delete); // the previous run's pictures of this test
			}
			return new Browser(new ChromeDriver(service, options), profile, screenshots);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	WebDriver driver() {
		return this.driver;
	}

	void open(String url) {
		this.driver.get(url);
	}

	/** The element, once it is visible. */
	WebElement find(By locator) {
		return until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	/**
	 * Waits at most {@link #PATIENCE} until {@code condition} holds, and returns its
	 * value.
	 */
	<T> T until(Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, PATIENCE).until(condition::apply);
	}

	/**
	 * Runs {@code script} in the page, as the page's own code would run it, and returns
	 * its value.
	 */
	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/**
	 * Saves what the current tab shows as {@code NN-step.png} and checks the picture is
	 * there.
	 */
	Path screenshot(String step) {
		Path file = this.screenshots.resolve(String.format("%02d-%s.png", ++this.shots, step));
		try {
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(file).as("screenshot of %s", step).isNotEmptyFile();
		return file;
	}

	/** A screenshot of every open tab, for the report of a failed test; never throws. */
	void screenshotEveryTabAfterFailure() {
		try {
			for (String tab : this.driver.getWindowHandles()) {
				this.driver.switchTo().window(tab);
				screenshot("failure");
			}
		}
		catch (RuntimeException ex) {
			// the browser itself may be what failed: the test's own error says more
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach(Browser::delete);
			}
			catch (IOException ex) {
				// a temporary folder left behind is no failure
			}
		}
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// the same
		}
	}

}
