package dev.authbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.db.TestPostgres;
import dev.authbridge.journeys.BridgeInstance;
import dev.authbridge.journeys.OidcProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.util.TestSocketUtils;

/**
 * The bridge the browser tests sign in to, started once per test JVM and shared by every
 * {@link BrowserTest}: a development run (its demo page at {@code /} and the development
 * provider) with Auth0 enabled at a provider that shows its own sign-in page, and access
 * tokens of {@link #ACCESS_TOKEN_MAX_AGE}, so that {@code client.js} renews them every
 * couple of seconds. The port is chosen before startup because {@code AUTH_URL} names it
 * and the bridge discovers its own {@code /dev-idp} there.
 */
final class E2eBridge {

	/**
	 * Just over the minute before expiry at which client.js renews a token: a new one
	 * every ~2 s.
	 */
	static final Duration ACCESS_TOKEN_MAX_AGE = Duration.ofSeconds(62);

	private static final Pattern CSRF_TOKEN = Pattern.compile("\"csrfToken\":\"([0-9a-f]+)\"");

	private static E2eBridge shared;

	private static E2eBridge withAccounts;

	private static E2eBridge withVerification;

	private final OidcProvider provider;

	private final BridgeInstance bridge;

	private final String url;

	private E2eBridge(OidcProvider provider, BridgeInstance bridge, String url) {
		this.provider = provider;
		this.bridge = bridge;
		this.url = url;
	}

	static synchronized E2eBridge shared() {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	/**
	 * A second bridge, the same but with e-mail + password accounts in a fresh PostgreSQL
	 * database: its sign-in page has the e-mail forms too. Started once per test JVM, by
	 * the tests that need it.
	 */
	static synchronized E2eBridge withAccounts() {
		if (withAccounts == null) {
			withAccounts = start(List.of("DATABASE_URL=" + TestPostgres.freshDatabase()));
			withAccounts.awaitReadiness("\"database\":{\"status\":\"UP\"");
			Runtime.getRuntime().addShutdownHook(new Thread(withAccounts::close));
		}
		return withAccounts;
	}

	/**
	 * A third, with accounts that must prove their address
	 * ({@code AUTH_EMAIL_VERIFICATION=required}) and the SMTP server on {@code mailPort}
	 * for the links: the {@code Mailbox} a test starts there. Started once per test JVM,
	 * by the tests that need it.
	 */
	static synchronized E2eBridge withVerification(int mailPort) {
		if (withVerification == null) {
			withVerification = start(List.of("DATABASE_URL=" + TestPostgres.freshDatabase(),
					"AUTH_EMAIL_SERVER=smtp://127.0.0.1:" + mailPort,
					"AUTH_EMAIL_FROM=AuthBridge <no-reply@example.test>", "AUTH_EMAIL_VERIFICATION=required"));
			withVerification.awaitReadiness("\"database\":{\"status\":\"UP\"");
			Runtime.getRuntime().addShutdownHook(new Thread(withVerification::close));
		}
		return withVerification;
	}

	private static E2eBridge start() {
		return start(List.of());
	}

	private static E2eBridge start(List<String> more) {
		OidcProvider provider = OidcProvider.withLoginPage();
		int port = TestSocketUtils.findAvailableTcpPort();
		String url = "http://localhost:" + port;
		List<String> properties = new ArrayList<>(
				List.of("AUTH_URL=" + url, "AUTH_SECRET=e2e-secret-0123456789abcdef0123456789abcdef",
						"AUTH_DEV_PROVIDER=true", "AUTH_AUTH0_ID=" + OidcProvider.CLIENT_ID,
						"AUTH_AUTH0_SECRET=" + OidcProvider.CLIENT_SECRET, "AUTH_AUTH0_ISSUER=" + provider.issuer(),
						"AUTH_ACCESS_TOKEN_MAX_AGE=" + ACCESS_TOKEN_MAX_AGE.toSeconds()));
		properties.addAll(more);
		E2eBridge started = new E2eBridge(provider, BridgeInstance.start(port, properties), url);
		started.awaitDiscovery("auth0");
		started.awaitDiscovery("dev");
		return started;
	}

	/**
	 * The absolute URL of {@code path} on the bridge, e.g.
	 * {@code url("/api/auth/signin")}.
	 */
	String url(String path) {
		return this.url + path;
	}

	/** The provider's own origin, where its sign-in page is. */
	String providerIssuer() {
		return this.provider.issuer();
	}

	/**
	 * Waits until the bridge has discovered {@code provider} (in the background since
	 * startup): until then a sign-in with it ends on the error page with reason
	 * {@code provider_unavailable}.
	 */
	private void awaitDiscovery(String provider) {
		HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		Matcher csrf = CSRF_TOKEN.matcher(send(http, HttpRequest.newBuilder(URI.create(url("/api/auth/csrf")))));
		assertThat(csrf.find()).as("a CSRF token from /api/auth/csrf").isTrue();
		HttpRequest.Builder signIn = HttpRequest.newBuilder(URI.create(url("/api/auth/signin/" + provider)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("json=true&callbackUrl=%2F&csrfToken=" + csrf.group(1)));
		Instant deadline = Instant.now().plusSeconds(15);
		while (send(http, signIn).contains("provider_unavailable")) {
			assertThat(Instant.now()).as("%s discovered within 15 s", provider).isBefore(deadline);
			pause();
		}
	}

	/**
	 * Waits until the readiness answer contains {@code expected}: the migrations run
	 * after startup.
	 */
	private void awaitReadiness(String expected) {
		HttpClient http = HttpClient.newHttpClient();
		Instant deadline = Instant.now().plusSeconds(30);
		while (!send(http, HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))).contains(expected)) {
			assertThat(Instant.now()).as("readiness shows %s within 30 s", expected).isBefore(deadline);
			pause();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String send(HttpClient http, HttpRequest.Builder request) {
		try {
			return http.send(request.build(), BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void close() {
		this.bridge.close();
		this.provider.close();
	}

}
