package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.FreePort;
import dev.authbridge.RawHttp;
import dev.authbridge.RawHttp.Answer;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.devidp.DevPagesLocalOnlyTests;
import dev.authbridge.journeys.Browser.Page;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The zero-config development run (a local {@code AUTH_URL}, the development provider on,
 * PostgreSQL, no mail server): password reset works end to end through the outbox page,
 * which only this machine is served. "Another machine" is a connection to this machine's
 * own network address, as in {@link DevPagesLocalOnlyTests}.
 */
class DevOutboxTests {

	/** The reset link as the page's {@code href}: JMustache escapes its {@code =}. */
	static final Pattern RESET_LINK = Pattern
		.compile("href=\"(http://localhost:\\d+/api/auth/password/reset\\?token(?:=|&#x3D;)[A-Za-z0-9_-]{43})\"");

	static int port;

	static String url;

	static BridgeInstance bridge;

	@BeforeAll
	static void developmentRun() throws InterruptedException {
		port = FreePort.next();
		url = "http://localhost:" + port;
		List<String> properties = new ArrayList<>(Upstreams.properties());
		properties.add("DATABASE_URL=" + TestPostgres.freshDatabase());
		properties.add("AUTH_URL=" + url);
		properties.add("AUTH_DEV_PROVIDER=true");
		bridge = BridgeInstance.start(port, properties);
		Accounts.awaitDatabase(port, Duration.ofSeconds(30));
	}

	@AfterAll
	static void stop() {
		bridge.close();
	}

	@Test
	void forgotWhenNoMailServerInDevelopmentThenLinkOnTheOutboxPageAndItWorks() {
		Browser browser = new Browser(url, port);
		Map<String, String> signUp = new LinkedHashMap<>(
				Map.of("csrfToken", browser.csrfToken(), "email", "ada@example.com", "password", Accounts.PASSWORD));
		assertThat(browser.submit("/api/auth/signup", signUp).sets(Browser.SESSION_COOKIE)).isTrue();
		Map<String, String> forgot = Map.of("csrfToken", browser.csrfToken(), "email", "ada@example.com");
		assertThat(browser.submit("/api/auth/password/forgot", forgot).location())
			.hasToString(url + "/api/auth/password/forgot?sent=true");

		Page outbox = browser.visit(URI.create(url + "/dev-outbox"));

		assertThat(outbox.status()).isEqualTo(HttpStatus.OK);
		assertThat(outbox.headers().getFirst("Content-Security-Policy")).doesNotContain("unsafe-inline");
		assertThat(outbox.body()).contains("ada@example.com").contains("Reset your password");
		Matcher link = RESET_LINK.matcher(outbox.body());
		assertThat(link.find()).isTrue();
		Page form = browser.visit(URI.create(link.group(1).replace("&#x3D;", "=")));
		assertThat(form.status()).isEqualTo(HttpStatus.OK);
		assertThat(form.body()).contains("Choose a new password");
	}

	@Test
	void outboxWhenPeerOnAnotherMachineThen403WhateverTheHeadersSay() {
		List<String> forged = List.of("Host: localhost:" + port, "X-Forwarded-For: 127.0.0.1",
				"Forwarded: for=127.0.0.1;host=localhost");
		for (List<String> headers : List.of(List.<String>of(), forged)) {
			Answer answer = RawHttp.send(DevPagesLocalOnlyTests.networkAddress(), port, "GET", "/dev-outbox", headers,
					null);
			assertThat(answer.status()).as("with %s", headers).isEqualTo(403);
			assertThat(answer.body()).contains("\"error\":\"local_only\"").doesNotContain("ada@example.com");
		}
	}

}
