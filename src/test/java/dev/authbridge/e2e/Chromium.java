package dev.authbridge.e2e;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * What every {@link BrowserTest} gets: Debian's Chromium and chromedriver, or a skip
 * saying how to install them (a failure instead when
 * {@code AUTHBRIDGE_REQUIRE_CHROMIUM=1}, as CI sets it); a new headless {@link Browser}
 * for each {@code Browser} parameter, quit after the test, with its screenshots under
 * {@code target/e2e-screenshots/<class>/<test>/} and one more of every open tab when the
 * test fails; and the shared {@link E2eBridge} for an {@code E2eBridge} parameter.
 */
final class Chromium implements BeforeAllCallback, ParameterResolver, TestExecutionExceptionHandler {

	static final Path BINARY = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	static final String REQUIRE = "AUTHBRIDGE_REQUIRE_CHROMIUM";

	static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");

	private static final Namespace NAMESPACE = Namespace.create(Chromium.class);

	private final Path binary;

	private final Path driver;

	private final UnaryOperator<String> environment;

	Chromium() {
		this(BINARY, DRIVER, System::getenv);
	}

	Chromium(Path binary, Path driver, UnaryOperator<String> environment) {
		this.binary = binary;
		this.driver = driver;
		this.environment = environment;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		List<Path> missing = Stream.of(this.binary, this.driver).filter(file -> !Files.isExecutable(file)).toList();
		if (missing.isEmpty()) {
			return;
		}
		String message = "the browser tests need Chromium and chromedriver at " + this.binary + " and " + this.driver
				+ ", and " + missing + " is missing: install them with "
				+ "`apt-get install -y chromium chromium-driver`";
		if ("1".equals(this.environment.apply(REQUIRE))) {
			throw new IllegalStateException(message + " (" + REQUIRE + "=1: they are required here)");
		}
		Assumptions.abort(message);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == Browser.class || type == E2eBridge.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		if (parameter.getParameter().getType() == E2eBridge.class) {
			return E2eBridge.shared();
		}
		OpenBrowsers open = context.getStore(NAMESPACE)
			.computeIfAbsent(OpenBrowsers.class, key -> new OpenBrowsers(), OpenBrowsers.class);
		Path folder = SCREENSHOTS.resolve(context.getRequiredTestClass().getSimpleName())
			.resolve(context.getTestMethod().map(Method::getName).orElse("setup")
					+ (open.browsers.isEmpty() ? "" : "-" + (open.browsers.size() + 1)));
		Browser browser = Browser.start(this.binary, this.driver, folder);
		open.browsers.add(browser);
		return browser;
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		OpenBrowsers open = context.getStore(NAMESPACE).get(OpenBrowsers.class, OpenBrowsers.class);
		if (open != null) {
			open.browsers.forEach(Browser::screenshotEveryTabAfterFailure);
		}
		throw failure;
	}

	/** The browsers of one test, quit when JUnit closes the test's store. */
	private static final class OpenBrowsers implements AutoCloseable {

		final List<Browser> browsers = new ArrayList<>();

		@Override
		public void close() {
			this.browsers.forEach(Browser::close);
		}

	}

}
