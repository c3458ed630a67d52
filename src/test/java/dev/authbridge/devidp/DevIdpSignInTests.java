package dev.authbridge.devidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.authbridge.devidp.DevIdpTest.FreePort;
import dev.authbridge.login.ProviderClients;
import dev.authbridge.user.SignInFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * The zero-config first run, end to end over real HTTP: the bridge discovers its own development provider and a
 * browser signs in through {@code /api/auth/signin/dev}, the provider's page and the callback, as with Auth0.
 */
@DevIdpTest
class DevIdpSignInTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ProviderClients providerClients;

	/** Discovery runs before the port opens and retries with backoff; sign-in starts once it has succeeded. */
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
			.expectStatus().isOk()
			.expectBody()
			.json("""
					{"dev":{"id":"dev","name":"Development sign-in","type":"oidc",
					"signinUrl":"%1$s/api/auth/signin/dev","callbackUrl":"%1$s/api/auth/callback/dev"}}"""
				.formatted(FreePort.URL), true);
	}

	@Test
	void signinWhenFormPostedThenSessionForTheUserTyped() throws Exception {
		Browser browser = new Browser(this.client);
		String page = providerPage(browser, "/welcome");
		assertThat(page).contains("<h1>Development sign-in — not for production</h1>")
			.contains("<label for=\"dev-name\">Name</label>")
			.contains("<input id=\"dev-name\" name=\"name\" type=\"text\" value=\"Dev User\"")
			.contains("<label for=\"dev-email\">E-mail</label>")
			.contains("<input id=\"dev-email\" name=\"email\" type=\"email\" value=\"dev@example.test\"")
			.contains("<form action=\"" + FreePort.URL + "/dev-idp/authorize\" method=\"post\">")
			.doesNotContain("<script");

		MultiValueMap<String, String> form = Browser.hiddenFields(page);
		form.add("name", "Ada Lovelace");
		form.add("email", "ada@example.test");
		form.add("decision", "signin");
		String callback = Browser.location(browser.post(FreePort.URL + "/dev-idp/authorize", form));
		assertThat(callback).startsWith(FreePort.URL + "/api/auth/callback/dev?code=")
			.contains("&state=" + form.getFirst("state"));

		EntityExchangeResult<String> signedIn = browser.get(callback);
		assertThat(signedIn.getStatus()).isEqualTo(HttpStatus.FOUND);
		assertThat(Browser.location(signedIn)).isEqualTo(FreePort.URL + "/welcome");
		assertThat(browser.cookie("authbridge.session-token")).isNotBlank();
		assertThat(browser.cookie("authbridge.oauth")).isNull();

		String sub = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest("ada@example.test".getBytes(StandardCharsets.UTF_8)))
			.substring(0, 16);
		this.client.get()
			.uri("/api/auth/session")
			.cookie("authbridge.session-token", browser.cookie("authbridge.session-token"))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.user.id").isEqualTo("dev|" + sub)
			.jsonPath("$.user.name").isEqualTo("Ada Lovelace")
			.jsonPath("$.user.email").isEqualTo("ada@example.test")
			.jsonPath("$.accessToken").isNotEmpty();
	}

	@Test
	void signinWhenCancelledThenAccessDeniedAndNoSession() {
		Browser browser = new Browser(this.client);
		MultiValueMap<String, String> form = Browser.hiddenFields(providerPage(browser, "/welcome"));
		form.add("decision", "cancel");
		String callback = Browser.location(browser.post(FreePort.URL + "/dev-idp/authorize", form));
		assertThat(callback).isEqualTo(FreePort.URL + "/api/auth/callback/dev?error=access_denied&state="
				+ form.getFirst("state"));

		EntityExchangeResult<String> denied = browser.get(callback);
		assertThat(Browser.location(denied))
			.isEqualTo(FreePort.URL + "/api/auth/error?error=AccessDenied&reason=access_denied");
		assertThat(browser.cookie("authbridge.session-token")).isNull();
	}

	@Test
	void signinWhenEmailMissingThenPageAgainWithTheProblemAndNoRedirect() {
		Browser browser = new Browser(this.client);
		MultiValueMap<String, String> form = Browser.hiddenFields(providerPage(browser, "/"));
		form.addAll(new LinkedMultiValueMap<>(Map.of("name", List.of("Ada"), "email", List.of("not-an-address"),
				"decision", List.of("signin"))));
		EntityExchangeResult<String> again = browser.post(FreePort.URL + "/dev-idp/authorize", form);
		assertThat(again.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(Browser.location(again)).isNull();
		assertThat(again.getResponseBody()).contains("role=\"alert\"").contains("value=\"not-an-address\"");
	}

	/** Starts a sign-in at the bridge and opens the provider page it redirects to. */
	private static String providerPage(Browser browser, String callbackUrl) {
		String csrfToken = browser.get(FreePort.URL + "/api/auth/csrf")
			.getResponseBody()
			.replaceAll(".*\"csrfToken\":\"([0-9a-f]+)\".*", "$1");
		MultiValueMap<String, String> signin = new LinkedMultiValueMap<>();
		signin.add("csrfToken", csrfToken);
		signin.add("callbackUrl", callbackUrl);
		String authorize = Browser.location(browser.post(FreePort.URL + "/api/auth/signin/dev", signin));
		assertThat(authorize).startsWith(FreePort.URL + "/dev-idp/authorize?");
		assertThat(browser.cookie("authbridge.oauth")).isNotBlank();
		EntityExchangeResult<String> page = browser.get(authorize);
		assertThat(page.getStatus()).isEqualTo(HttpStatus.OK);
		return page.getResponseBody();
	}

}
