package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.hasura.HasuraStandIn;
import dev.authbridge.journeys.GithubStandIn.Account;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * With the bridge's own logging at DEBUG, sign-ins that succeed and fail, and the session
 * requests after them, log no secret and no token: not AUTH_SECRET, a client secret, the
 * Hasura admin secret or JWT key, an authorization code, the provider's access token, the
 * session cookie or the access token handed to the SPA.
 */
@FlowTest
@TestPropertySource(properties = "logging.level.dev.authbridge=DEBUG")
@ExtendWith(OutputCaptureExtension.class)
class SecretLogTests {

	final GithubStandIn github = Upstreams.github();

	final HasuraStandIn hasura = Upstreams.hasura();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void hasura(DynamicPropertyRegistry registry) {
		Upstreams.hasuraProperties(registry);
		// the first upsert of a fresh context, with DEBUG on, may take longer than the
		// stand-in's usual 1 s
		registry.add("AUTH_HASURA_TIMEOUT", () -> "5s");
	}

	@Test
	void signInAndSessionWhenDebugLoggingThenNoSecretOrTokenLogged(Browser browser, CapturedOutput output) {
		this.hasura.reset();
		assertThat(browser.signIn("github?login=monalisa", "/").sets(SESSION_COOKIE)).isTrue();
		String sessionToken = browser.cookies().get(SESSION_COOKIE);
		Map<String, Object> session = browser.session();
		browser.cookies().put(SESSION_COOKIE, sessionToken + "x");
		browser.session();
		this.hasura.answerError("constraint-violation", "Uniqueness violation. duplicate key value");
		new Browser(this.port).signIn("github", "/");
		this.github.tokenEndpointFails(500);
		new Browser(this.port).signIn("github", "/");

		assertThat(output).contains("DEBUG").contains("Session cookie rejected");
		List<String> secrets = List.of(BridgeTest.SECRET, GithubStandIn.CLIENT_SECRET, OidcProvider.CLIENT_SECRET,
				GithubStandIn.basicAuthorization(GithubStandIn.CLIENT_SECRET).substring("Basic ".length()),
				HasuraStandIn.ADMIN_SECRET, HasuraStandIn.JWT_KEY, Account.MONALISA.code, Account.OCTOCAT.code,
				Account.MONALISA.accessToken(), Account.OCTOCAT.accessToken(), sessionToken,
				(String) session.get("accessToken"));
		assertThat(secrets).allSatisfy(secret -> assertThat(output.getAll()).doesNotContain(secret));
	}

}
