package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Where Chromium is missing, the browser tests are skipped saying how to install it, or
 * fail when CI requires it.
 */
class ChromiumTests {

	@TempDir
	Path dir;

	@Test
	void beforeAllWhenChromiumMissingThenSkippedWithTheInstallCommand() {
		Chromium chromium = new Chromium(this.dir.resolve("chromium"), Chromium.DRIVER, name -> null);

		assertThatThrownBy(() -> chromium.beforeAll(null)).isInstanceOf(TestAbortedException.class)
			.hasMessageContaining(this.dir.resolve("chromium") + "] is missing")
			.hasMessageContaining("apt-get install -y chromium chromium-driver");
	}

	@Test
	void beforeAllWhenDriverMissingAndRequiredThenFailure() {
		Chromium chromium = new Chromium(Chromium.BINARY, this.dir.resolve("chromedriver"),
				Map.of("AUTHBRIDGE_REQUIRE_CHROMIUM", "1")::get);

		assertThatIllegalStateException().isThrownBy(() -> chromium.beforeAll(null))
			.withMessageContaining(this.dir.resolve("chromedriver") + "] is missing")
			.withMessageContaining("apt-get install -y chromium chromium-driver")
			.withMessageEndingWith("(AUTHBRIDGE_REQUIRE_CHROMIUM=1: they are required here)");
	}

	@Test
	void beforeAllWhenBothInstalledThenRuns() throws Exception {
		Path binary = this.dir.resolve("chromium");
		Path driver = this.dir.resolve("chromedriver");
		for (Path file : new Path[] { binary, driver }) {
			Files.createFile(file).toFile().setExecutable(true);
		}

		assertThatCode(() -> new Chromium(binary, driver, name -> "1").beforeAll(null)).doesNotThrowAnyException();
	}

}
