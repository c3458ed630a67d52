package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.FLOW_COOKIE;
import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.authbridge.devidp.DevIdp;
import dev.authbridge.devidp.DevIdpTest;
import dev.authbridge.devidp.DevIdpTest.FreePort;
import dev.authbridge.journeys.Browser.Page;
import dev.authbridge.login.ProviderClients;
import dev.authbridge.user.SignInFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The zero-config first run, end to end over real HTTP: the bridge discovers its own
 * development provider and a browser signs in through {@code /api/auth/signin/dev}, the
 * provider's page and the callback, as with Auth0.
 */
@DevIdpTest
class DevIdpSignInTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ProviderClients providerClients;

	/**
	 * Discovery runs before the port opens and retries with backoff; sign-in starts once
	 * it has succeeded.
	 */
	@BeforeEach
	void awaitDiscovery() {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.providerClients.find(DevIdp.ID, SignInFailure.ErrorCode.OAUTH_SIGNIN)
				.map(registration -> true)
				.onErrorResume(ex -> Mono.just(false))
				.block());
	}

	@Test
	void providersWhenNothingConfiguredThenOnlyDevelopmentSignin() {
		this.client.get()
			.uri("/api/auth/providers")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"dev":{"id":"dev","name":"Development sign-in","type":"oidc",
					"signinUrl":"%1$s/api/auth/signin/dev","callbackUrl":"%1$s/api/auth/callback/dev"}}"""
				.formatted(FreePort.URL), true);
	}

	@Test
	void signinWhenFormPostedThenSessionForTheUserTyped() throws Exception {
		Browser browser = new Browser(FreePort.URL, FreePort.PORT);
		Page page = providerPage(browser, "/welcome");
		assertThat(page.body()).contains("<h1>Development sign-in — not for production</h1>")
			.contains("<label for=\"dev-name\">Name</label>")
			.contains("<input id=\"dev-name\" name=\"name\" type=\"text\" value=\"Dev User\"")
			.contains("<label for=\"dev-email\">E-mail</label>")
			.contains("<input id=\"dev-email\" name=\"email\" type=\"email\" value=\"dev@example.test\"")
			.contains("<form action=\"" + FreePort.URL + "/dev-idp/authorize\" method=\"post\">")
			.doesNotContain("<script");

		Map<String, String> form = page.hiddenFields();
		form.put("name", "Ada Lovelace");
		form.put("email", "ada@example.test");
		form.put("decision", "signin");
		URI callback = browser.submit("/dev-idp/authorize", form).location();
		assertThat(callback).asString()
			.startsWith(FreePort.URL + "/api/auth/callback/dev?code=")
			.contains("&state=" + form.get("state"));

		Page signedIn = browser.visit(callback);
		assertThat(signedIn.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(signedIn.location()).asString().isEqualTo(FreePort.URL + "/welcome");
		assertThat(browser.cookies().get(SESSION_COOKIE)).isNotBlank();
		assertThat(browser.cookies().get(FLOW_COOKIE)).isNull();

		String sub = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest("ada@example.test".getBytes(StandardCharsets.UTF_8)))
			.substring(0, 16);
		this.client.get()
			.uri("/api/auth/session")
			.cookie(SESSION_COOKIE, browser.cookies().get(SESSION_COOKIE))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user.id")
			.isEqualTo("dev|" + sub)
			.jsonPath("$.user.name")
			.isEqualTo("Ada Lovelace")
			.jsonPath("$.user.email")
			.isEqualTo("ada@example.test")
			.jsonPath("$.accessToken")
			.isNotEmpty();
	}

	@Test
	void signinWhenCancelledThenAccessDeniedAndNoSession() {
		Browser browser = new Browser(FreePort.URL, FreePort.PORT);
		Map<String, String> form = providerPage(browser, "/welcome").hiddenFields();
		form.put("decision", "cancel");
		URI callback = browser.submit("/dev-idp/authorize", form).location();
		assertThat(callback).asString()
			.isEqualTo(FreePort.URL + "/api/auth/callback/dev?error=access_denied&state=" + form.get("state"));

		Page denied = browser.visit(callback);
		assertThat(denied.location()).asString()
			.isEqualTo(FreePort.URL + "/api/auth/error?error=AccessDenied&reason=access_denied");
		assertThat(browser.cookies().get(SESSION_COOKIE)).isNull();
	}

	@Test
	void signinWhenEmailMissingThenPageAgainWithTheProblemAndNoRedirect() {
		Browser browser = new Browser(FreePort.URL, FreePort.PORT);
		Map<String, String> form = providerPage(browser, "/").hiddenFields();
		form.putAll(Map.of("name", "Ada", "email", "not-an-address", "decision", "signin"));
		Page again = browser.submit("/dev-idp/authorize", form);
		assertThat(again.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(again.location()).isNull();
		assertThat(again.body()).contains("role=\"alert\"").contains("value=\"not-an-address\"");
	}

	/** Starts a sign-in at the bridge and opens the provider page it redirects to. */
	private static Page providerPage(Browser browser, String callbackUrl) {
		URI authorize = browser.startSignIn(DevIdp.ID, callbackUrl).location();
		assertThat(authorize).asString().startsWith(FreePort.URL + "/dev-idp/authorize?");
		assertThat(browser.cookies().get(FLOW_COOKIE)).isNotBlank();
		Page page = browser.visit(authorize);
		assertThat(page.status()).isEqualTo(HttpStatus.OK);
		return page;
	}

}
