package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.Node;
import dev.authbridge.RawHttp;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.hasura.TestDatabase;
import dev.authbridge.journeys.Browser.Page;
import dev.authbridge.RawHttp.Answer;
import jakarta.mail.internet.MimeMessage;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign-in links by mail (NextAuth's email provider) over real HTTP, with a real SMTP
 * server in the test JVM and the Hasura stand-in: ask → mail → link → session, through
 * the public API only; one account and one user id whether a person signs in by password
 * or by link; dead links refused; the same answer whatever the address and the limits;
 * the mail server or Hasura down; and an address registered first by someone else.
 */
@FlowTest
class EmailLinkTests extends MailJourneyTest {

	static final String VERIFY_REQUEST = BridgeTest.URL + "/api/auth/verify-request?provider=email&type=email";

	static final String TOKEN_INVALID = BridgeTest.URL + "/api/auth/error?error=Verification&reason=token_invalid";

	@Test
	void providersWhenLinksOnThenEmailListedAsNextAuthListsItAndSigninPageHasItsForm(Browser browser) {
		Page providers = browser.visit(URI.create(BridgeTest.URL + "/api/auth/providers"));
		Page signin = browser.visit(URI.create(BridgeTest.URL + "/api/auth/signin"));

		assertThat(providers.json()).containsEntry("email",
				Map.of("id", "email", "name", "Email", "type", "email", "signinUrl",
						BridgeTest.URL + "/api/auth/signin/email", "callbackUrl",
						BridgeTest.URL + "/api/auth/callback/email"));
		assertThat(signin.body()).contains("action=\"" + BridgeTest.URL + "/api/auth/signin/email\"")
			.contains("Sign in with Email");
	}

	@Test
	void linkWhenFollowedThenSameUserAsPasswordSignInAndPasswordStillWorks(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", false);
		String passwordUser = userId(browser);
		// proved already (as address verification would record): the password stays
		TestPostgres.execute(DATABASE, "UPDATE auth.accounts SET email_verified_at = now()");

		Page asked = ask(new Browser(this.port), "Ada@Example.com", true);
		assertThat(asked.status()).isEqualTo(HttpStatus.OK);
		assertThat(asked.json()).isEqualTo(Map.of("url", VERIFY_REQUEST));
		MimeMessage mail = this.mailbox.received(1).get(0);
		assertThat(mail.getAllRecipients()[0]).hasToString("ada@example.com");
		URI link = Mailbox.link(mail);
		assertThat(link.toString()).startsWith(BridgeTest.URL + "/api/auth/callback/email?callbackUrl=");
		assertThat(query(link)).containsEntry("email", "ada@example.com")
			.containsEntry("callbackUrl", BridgeTest.URL + "/welcome");
		assertThat(Accounts.rows(DATABASE, "SELECT token_hash FROM auth.email_tokens")).singleElement()
			.satisfies(row -> assertThat(row.get("token_hash").toString()).doesNotContain(query(link).get("token")));

		Browser phone = new Browser(this.port);
		Page followed = phone.visit(link);

		assertThat(followed.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(followed.location()).hasToString(BridgeTest.URL + "/welcome");
		assertThat(followed.sets(SESSION_COOKIE)).isTrue();
		assertThat(userId(phone)).isEqualTo(passwordUser);
		assertThat(Accounts.rows(DATABASE, "SELECT id FROM auth.accounts")).hasSize(1);
		assertThat(browser.session()).as("the password's session goes on").containsKey("user");
		assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, true).status())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void linkWhenAddressHasNoAccountThenSameAnswerAndFirstUseMakesAccountAndShadowUser(Browser browser)
			throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);

		Page known = ask(new Browser(this.port), "ada@example.com", true);
		Page unknown = ask(new Browser(this.port), "grace@example.com", true);
		Page knownForm = ask(new Browser(this.port), "ada@example.com", false);
		Page unknownForm = ask(new Browser(this.port), "grace@example.com", false);

		assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(HttpStatus.OK);
		assertThat(unknown.body()).isEqualTo(known.body());
		assertThat(unknownForm.status()).isEqualTo(knownForm.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(unknownForm.location()).isEqualTo(knownForm.location()).hasToString(VERIFY_REQUEST);
		List<MimeMessage> mails = this.mailbox.received(4);
		assertThat(mails).extracting(MimeMessage::getSubject).containsOnly(mails.get(0).getSubject());
		URI link = Mailbox
			.link(mails.stream().filter(mail -> Mailbox.to(mail).equals("grace@example.com")).findFirst().get());

		Browser grace = new Browser(this.port);
		assertThat(grace.visit(link).sets(SESSION_COOKIE)).isTrue();

		List<Map<String, Object>> accounts = Accounts.rows(DATABASE,
				"SELECT id, password_hash, email_verified_at FROM auth.accounts WHERE email = 'grace@example.com'");
		assertThat(accounts).singleElement().satisfies(account -> {
			assertThat(account.get("password_hash")).isNull();
			assertThat(account.get("email_verified_at")).isNotNull();
		});
		String userId = "credentials|" + accounts.get(0).get("id");
		assertThat(userId(grace)).isEqualTo(userId);
		assertThat(TestDatabase.user(userId)).as("shadow user upserted in Hasura").containsEntry("id", userId);
		assertThat(Accounts.signIn(new Browser(this.port), "grace@example.com", "", true).status())
			.as("an account made by a link has no password")
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void linkWhenClickedTwiceAtOnceThenOneSession() throws Exception {
		ask(new Browser(this.port), "grace@example.com", false);
		URI link = Mailbox.link(this.mailbox.received(1).get(0));
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<RawHttp.Answer>> clicks = List.of(1, 2)
			.stream()
			.map(click -> CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return RawHttp.get(this.port, link.getRawPath() + "?" + link.getRawQuery());
			}))
			.toList();
		start.countDown();

		List<RawHttp.Answer> answers = clicks.stream().map(CompletableFuture::join).toList();

		assertThat(answers).filteredOn(answer -> Burst.signedIn(answer)).hasSize(1);
		assertThat(answers).filteredOn(answer -> !Burst.signedIn(answer))
			.singleElement()
			.satisfies(answer -> assertThat(answer.header("location")).containsExactly(TOKEN_INVALID));
		assertThat(Accounts.rows(DATABASE, "SELECT id FROM auth.accounts")).hasSize(1);
		assertThat(new Browser(this.port).visit(link).location()).as("used up").hasToString(TOKEN_INVALID);
	}

	@Test
	void linkWhenExpiredForgedOrForAnotherAddressThenVerificationErrorNever5xx(Browser browser) throws Exception {
		ask(browser, "grace@example.com", false);
		URI link = Mailbox.link(this.mailbox.received(1).get(0));
		String token = query(link).get("token");

		for (URI dead : List.of(withQuery(link, "email", "mallory@example.com"), withQuery(link, "email", ""),
				withQuery(link, "token", "A".repeat(43)), withQuery(link, "token", "%25%25"),
				withQuery(link, "token", "x".repeat(1000)), URI.create(BridgeTest.URL + "/api/auth/callback/email"))) {
			Page answer = new Browser(this.port).visit(dead);
			assertThat(answer.status()).as("%s", dead).isEqualTo(HttpStatus.FOUND);
			assertThat(answer.location()).as("%s", dead).hasToString(TOKEN_INVALID);
		}
		assertThat(browser.visit(URI.create(TOKEN_INVALID)).status()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(Accounts.rows(DATABASE, "SELECT id FROM auth.accounts")).as("no account for mallory").isEmpty();
		assertThat(Accounts.rows(DATABASE, "SELECT used_at FROM auth.email_tokens WHERE used_at IS NULL"))
			.as("a link for another address uses nothing up")
			.hasSize(1);

		TestPostgres.execute(DATABASE, "UPDATE auth.email_tokens SET expires_at = now() - interval '1 second'");
		Page expired = new Browser(this.port).visit(link);

		assertThat(expired.location()).hasToString(TOKEN_INVALID);
		assertThat(token).hasSize(43);
	}

	@Test
	void askWhenOverTheLimitsOrAddressInvalidThenSameAnswerAndNothingMore(Browser browser) throws Exception {
		for (int i = 0; i < 4; i++) {
			assertThat(ask(browser, "grace@example.com", true).json()).isEqualTo(Map.of("url", VERIFY_REQUEST));
		}
		assertOnlyTheSendLimitMailed();

		Page invalid = ask(browser, "not an address", true);

		assertThat(invalid.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(invalid.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/signin?error=EmailSignin&reason=email_invalid");
	}

	@Test
	void askWhenBurstForOneAddressThenEveryAnswerAlikeAndOnlyTheLimitSent() throws Exception {
		List<Map<String, String>> forms = Collections.nCopies(20, Map.of("email", "grace@example.com"));

		List<Answer> answers = Burst.answered(new Burst(this.port).atOnce("/api/auth/signin/email", forms));

		assertThat(answers).allSatisfy(answer -> {
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo("{\"url\":\"" + VERIFY_REQUEST + "\"}");
		});
		assertOnlyTheSendLimitMailed();
	}

	@Test
	void askWhenMailServerDownThen503RetryAfterEmailSigninAndNoToken(Browser browser) throws Exception {
		this.mailbox.close();

		Page json = ask(browser, "grace@example.com", true);
		Page form = ask(browser, "grace@example.com", false);

		assertThat(json.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(json.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
		assertThat(json.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/error?error=EmailSignin&reason=email_unavailable");
		assertThat(form.location())
			.hasToString(BridgeTest.URL + "/api/auth/error?error=EmailSignin&reason=email_unavailable");
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.email_tokens")).isEmpty();
	}

	@Test
	void linkWhenHasuraFailsThenCallbackErrorNothingKeptAndTheLinkStillWorks(Browser browser) throws Exception {
		ask(browser, "grace@example.com", false);
		URI link = Mailbox.link(this.mailbox.received(1).get(0));
		Upstreams.hasura().delay(Duration.ofSeconds(2));

		Page failed = new Browser(this.port).visit(link);

		assertThat(failed.location())
			.hasToString(BridgeTest.URL + "/api/auth/error?error=Callback&reason=hasura_unavailable");
		assertThat(failed.sets(SESSION_COOKIE)).isFalse();
		assertThat(Accounts.rows(DATABASE, "SELECT id FROM auth.accounts")).isEmpty();
		Upstreams.hasura().reset();
		assertThat(new Browser(this.port).visit(link).sets(SESSION_COOKIE)).isTrue();
	}

	@Test
	void linkWhenSomeoneRegisteredTheAddressFirstThenTheirPasswordAndSessionsEnd(Browser squatter) throws Exception {
		Accounts.signUp(squatter, "ada@example.com", "the squatter's password", null, false);
		String userId = userId(squatter);
		ask(new Browser(this.port), "ada@example.com", false);
		URI link = Mailbox.link(this.mailbox.received(1).get(0));

		Browser ada = new Browser(this.port);
		assertThat(ada.visit(link).sets(SESSION_COOKIE)).isTrue();

		assertThat(userId(ada)).isEqualTo(userId);
		assertThat(squatter.session()).as("the squatter's session ended").isEmpty();
		assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", "the squatter's password", true).status())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(ada.session()).as("the owner's own session goes on").containsKey("user");
	}

	@Test
	void verifyRequestPageWhenShownThenSaysCheckYourMailInTheBridgeStyle(Browser browser) {
		Page page = browser.visit(URI.create(VERIFY_REQUEST));

		assertThat(page.status()).isEqualTo(HttpStatus.OK);
		assertThat(page.body()).contains("<h1>Check your e-mail</h1>")
			.contains("within 24 hours")
			.contains("href=\"" + BridgeTest.URL + "/api/auth/assets/authbridge.css\"")
			.contains("href=\"" + BridgeTest.URL + "/api/auth/signin\"");
	}

	@Test
	void verifyRequestWhenOperatorsOwnPageThenTheAnswerIsNextAuthsAndThePageRedirects() throws Exception {
		try (BridgeInstance bridge = Accounts.bridge("AUTH_EMAIL_SERVER=smtp://127.0.0.1:" + MAIL_PORT,
				"AUTH_EMAIL_FROM=no-reply@example.test", "AUTH_PAGES_VERIFY_REQUEST=/check-your-mail?from=auth")) {
			Browser browser = new Browser(bridge.port());

			Page asked = ask(browser, "grace@example.com", true);
			Page page = browser.visit(URI.create(VERIFY_REQUEST));

			assertThat(asked.json()).isEqualTo(Map.of("url", VERIFY_REQUEST));
			assertThat(page.status()).isEqualTo(HttpStatus.FOUND);
			assertThat(page.location())
				.hasToString(BridgeTest.URL + "/check-your-mail?from=auth&provider=email&type=email");
		}
	}

	/**
	 * The unmodified {@code next-auth/react} client (4.24.13, installed by {@code npm ci}
	 * in {@code src/test/js/next-auth}) signs in by link as the password user of the
	 * address: the Node side asks, reads the link this side serves from the mail it
	 * received, follows it and reads the session.
	 */
	@Test
	void nextAuthReactWhenSignInEmailThenLinkSignsInAndGetSessionReturnsTheUser(Browser browser) throws Exception {
		Node.assumeInstalled();
		Path client = Path.of("src/test/js/next-auth");
		Node.install(client);
		Accounts.signUp(browser, "grace@example.com", Accounts.PASSWORD, null, false);
		TestPostgres.execute(DATABASE, "UPDATE auth.accounts SET email_verified_at = now()");
		HttpServer links = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		links.createContext("/link", exchange -> {
			byte[] link = Mailbox.link(this.mailbox.received(1).get(0)).toString().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, link.length);
			exchange.getResponseBody().write(link);
			exchange.close();
		});
		links.start();
		try {
			Node.test(client, "signin-email.test.mjs",
					Map.of("NEXTAUTH_URL", BridgeTest.URL + "/api/auth", "AUTHBRIDGE_BRIDGE",
							"http://localhost:" + this.port, "AUTHBRIDGE_MAILBOX",
							"http://127.0.0.1:" + links.getAddress().getPort() + "/link", "AUTHBRIDGE_EMAIL",
							"grace@example.com", "AUTHBRIDGE_USER", userId(browser)),
					Duration.ofSeconds(60));
		}
		finally {
			links.stop(0);
		}
		assertThat(Accounts.rows(DATABASE, "SELECT used_at FROM auth.email_tokens WHERE used_at IS NOT NULL"))
			.hasSize(1);
	}

	/** Posts NextAuth's email sign-in form; {@code json} adds {@code json=true}. */
	static Page ask(Browser browser, String email, boolean json) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("csrfToken", browser.csrfToken());
		form.put("email", email);
		form.put("callbackUrl", BridgeTest.URL + "/welcome");
		if (json) {
			form.put("json", "true");
		}
		return browser.submit("/api/auth/signin/email", form);
	}

	private static String userId(Browser browser) {
		return (String) ((Map<?, ?>) browser.session().get("user")).get("id");
	}

	private static Map<String, String> query(URI link) {
		return UriComponentsBuilder.fromUri(link)
			.build(true)
			.getQueryParams()
			.toSingleValueMap()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey,
					entry -> URLDecoder.decode(entry.getValue(), StandardCharsets.UTF_8)));
	}

	private static URI withQuery(URI link, String name, String rawValue) {
		return UriComponentsBuilder.fromUri(link).replaceQueryParam(name, rawValue).build(true).toUri();
	}

}
