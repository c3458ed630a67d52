package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.RawHttp;
import dev.authbridge.RawHttp.Answer;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.journeys.Browser.Page;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code AUTH_EMAIL_VERIFICATION=required} over real HTTP with a real SMTP server in the
 * test JVM: sign-up mails a link and does not sign in, the link proves the address and
 * signs in, the password is refused (only when right) until then, a new link on request;
 * a taken address answers exactly as a new one and its owner is told; the send limits, a
 * mail server that is down, a double click, dead links, and a password reset as proof.
 * The other modes run on instances of their own
 * ({@link #signUpWhenOptionalThenMailedLinkAndThePasswordSignsInBeforeItUnverified}).
 */
@FlowTest
class EmailVerificationTests extends MailJourneyTest {

	static final String WELCOME = BridgeTest.URL + "/welcome";

	static final String SENT = BridgeTest.URL + "/api/auth/verify-email/sent?callbackUrl="
			+ URLEncoder.encode(WELCOME, StandardCharsets.UTF_8);

	static final String NOT_VERIFIED = BridgeTest.URL + "/api/auth/error?error=AccessDenied&reason=email_not_verified";

	static final String DEAD_LINK = BridgeTest.URL + "/api/auth/error?error=Verification&reason=token_invalid";

	@DynamicPropertySource
	static void verificationRequired(DynamicPropertyRegistry registry) {
		registry.add("AUTH_EMAIL_VERIFICATION", () -> "required");
	}

	@Test
	void signUpWhenRequiredThenMailedLinkProvesTheAddressAndSignsIn(Browser browser) throws Exception {
		Page signedUp = Accounts.signUp(browser, "Ada@Example.com", Accounts.PASSWORD, "Ada", false);

		assertThat(signedUp.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(signedUp.location()).hasToString(SENT);
		assertThat(signedUp.setCookies()).doesNotContainKey(SESSION_COOKIE);
		assertThat(browser.session()).isEmpty();
		assertThat(Accounts.rows(DATABASE, "SELECT email, email_verified_at FROM auth.accounts")).singleElement()
			.satisfies(row -> assertThat(row).containsEntry("email", "ada@example.com")
				.containsEntry("email_verified_at", null));
		Page sent = browser.visit(signedUp.location());
		assertThat(sent.status()).isEqualTo(HttpStatus.OK);
		assertThat(sent.body()).contains("<h1>Check your e-mail</h1>")
			.contains("action=\"" + BridgeTest.URL + "/api/auth/verify-email/resend\"")
			.contains("name=\"callbackUrl\" value=\"" + WELCOME + "\"");
		MimeMessage mail = this.mailbox.received(1).get(0);
		assertThat(mail.getAllRecipients()[0]).hasToString("ada@example.com");
		assertThat(mail.getSubject()).isEqualTo("Confirm your e-mail address");
		URI link = Mailbox.link(mail);
		assertThat(link.toString()).startsWith(BridgeTest.URL + "/api/auth/verify-email?token=")
			.endsWith("&callbackUrl=" + URLEncoder.encode(WELCOME, StandardCharsets.UTF_8));

		Page unverified = Accounts.signIn(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, true);
		assertThat(unverified.status()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(unverified.json()).containsEntry("error", "email_not_verified").containsEntry("url", NOT_VERIFIED);
		assertThat(unverified.setCookies()).doesNotContainKey(SESSION_COOKIE);
		assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", "a wrong guess", true).status())
			.as("a wrong password learns nothing about the address")
			.isEqualTo(HttpStatus.UNAUTHORIZED);

		Page verified = browser.visit(link);

		assertThat(verified.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(verified.location()).hasToString(WELCOME);
		assertThat(verified.sets(SESSION_COOKIE)).isTrue();
		Map<String, Object> proved = Accounts
			.rows(DATABASE, "SELECT email_verified_at > now() - interval '1 minute' AS recent, "
					+ "to_char(email_verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\".000Z\"') AS iso "
					+ "FROM auth.accounts")
			.get(0);
		assertThat(proved).containsEntry("recent", true);
		Map<?, ?> user = (Map<?, ?>) browser.session().get("user");
		assertThat(user.get("email")).isEqualTo("ada@example.com");
		assertThat(user.get("emailVerified")).isEqualTo(proved.get("iso"));
		Browser laptop = new Browser(this.port);
		assertThat(Accounts.signIn(laptop, "ada@example.com", Accounts.PASSWORD, true).status())
			.isEqualTo(HttpStatus.OK);
		assertThat(((Map<?, ?>) laptop.session().get("user")).get("emailVerified"))
			.isEqualTo(user.get("emailVerified"));
		assertThat(browser.visit(link).location()).as("the link works once").hasToString(DEAD_LINK);
	}

	@Test
	void signUpWhenAddressTakenThenTheSameAnswerAsANewOneAndTheOwnerIsTold(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", false);
		this.mailbox.received(1);

		Page taken = Accounts.signUp(new Browser(this.port), "ada@example.com", "another passphrase here", "Eve", true);
		Page fresh = Accounts.signUp(new Browser(this.port), "grace@example.com", "another passphrase here", "Eve",
				true);
		Page takenForm = Accounts.signUp(new Browser(this.port), "ada@example.com", "another passphrase here", "Eve",
				false);
		Page freshForm = Accounts.signUp(new Browser(this.port), "hedy@example.com", "another passphrase here", "Eve",
				false);

		for (List<Page> pair : List.of(List.of(taken, fresh), List.of(takenForm, freshForm))) {
			assertThat(pair.get(0).status()).isEqualTo(pair.get(1).status());
			assertThat(comparable(pair.get(0).headers())).isEqualTo(comparable(pair.get(1).headers()));
			assertThat(pair.get(0).body()).isEqualTo(pair.get(1).body());
			assertThat(pair.get(0).setCookies().keySet()).isEqualTo(pair.get(1).setCookies().keySet());
		}
		assertThat(taken.json()).isEqualTo(Map.of("url", SENT));
		assertThat(takenForm.location()).hasToString(SENT);
		List<MimeMessage> mails = this.mailbox.received(5);
		List<MimeMessage> toAda = mails.stream().filter(mail -> to(mail).equals("ada@example.com")).toList();
		assertThat(toAda).hasSize(3);
		assertThat(toAda.get(1).getSubject()).isEqualTo("Your account");
		assertThat(Mailbox.body(toAda.get(1))).contains("Someone tried to create an account")
			.contains(BridgeTest.URL + "/api/auth/signin")
			.contains(BridgeTest.URL + "/api/auth/password/forgot")
			.doesNotContain("token=");
		assertThat(Accounts.rows(DATABASE, "SELECT name FROM auth.accounts WHERE email = 'ada@example.com'"))
			.singleElement()
			.satisfies(row -> assertThat(row).containsEntry("name", "Ada"));
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.email_tokens")).hasSize(3);
	}

	@Test
	void signInWhenUnverifiedInABrowserThenErrorPageSendsANewLinkThatWorks(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		URI first = Mailbox.link(this.mailbox.received(1).get(0));

		Page refused = Accounts.signIn(browser, "ada@example.com", Accounts.PASSWORD, false);
		Page errorPage = browser.visit(refused.location());
		Page resent = browser.submit("/api/auth/verify-email/resend", withEmail(errorPage, "ada@example.com"));
		Page none = browser.submit("/api/auth/verify-email/resend", withEmail(errorPage, "nobody@example.com"));

		assertThat(refused.location()).hasToString(NOT_VERIFIED);
		assertThat(errorPage.status()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(errorPage.body()).contains("<h1>Confirm your e-mail address</h1>")
			.contains("not confirmed yet")
			.contains("action=\"" + BridgeTest.URL + "/api/auth/verify-email/resend\"");
		assertThat(resent.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(none.location()).isEqualTo(resent.location());
		List<MimeMessage> mails = this.mailbox.received(3);
		assertThat(Mailbox.body(mails.get(2))).contains("no account with it waits for one").doesNotContain("token=");
		URI second = Mailbox.link(mails.get(1));
		assertThat(second).isNotEqualTo(first);
		assertThat(browser.visit(second).sets(SESSION_COOKIE)).isTrue();
		assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, true).status())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void resendWhenOverTheSendLimitsThenTheSameAnswerAndNothingSent(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		List<Page> answers = new java.util.ArrayList<>();
		for (int i = 0; i < 3; i++) {
			answers.add(resend(browser, "ada@example.com"));
		}
		answers.add(Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true));

		assertThat(answers).extracting(Page::status).containsOnly(HttpStatus.OK);
		assertThat(answers).extracting(Page::body).containsOnly("{\"url\":\"" + SENT + "\"}");
		assertOnlyTheSendLimitMailed();
	}

	@Test
	void signUpWhenMailServerDownThenTheSame503ForAnyAddressAndResendWorksLater(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		this.mailbox.received(1);
		this.mailbox.close();

		Page fresh = Accounts.signUp(new Browser(this.port), "grace@example.com", Accounts.PASSWORD, null, true);
		Page taken = Accounts.signUp(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, null, true);

		for (Page answer : List.of(fresh, taken)) {
			assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
			assertThat(answer.json()).containsEntry("url",
					BridgeTest.URL + "/api/auth/error?error=EmailSignin&reason=email_unavailable");
		}
		assertThat(Accounts.rows(DATABASE,
				"SELECT email_verified_at FROM auth.accounts WHERE email = 'grace@example.com'"))
			.as("the account stays, unverified, for a new link")
			.singleElement()
			.satisfies(row -> assertThat(row).containsEntry("email_verified_at", null));
		assertThat(Accounts.rows(DATABASE,
				"SELECT t.* FROM auth.email_tokens t JOIN auth.accounts a ON a.id = t.account_id "
						+ "WHERE a.email = 'grace@example.com'"))
			.as("no usable token for a mail that did not go")
			.isEmpty();

		this.mailbox = Mailbox.smtp(MAIL_PORT);
		assertThat(resend(browser, "grace@example.com").status()).isEqualTo(HttpStatus.OK);
		URI link = Mailbox.link(this.mailbox.received(1).get(0));
		assertThat(new Browser(this.port).visit(link).sets(SESSION_COOKIE)).isTrue();
	}

	@Test
	void verifyWhenTheLinkIsOpenedTwiceAtOnceThenOneSignInAndTheOtherToldTheLinkIsUsed(Browser browser)
			throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		URI link = Mailbox.link(this.mailbox.received(1).get(0));
		String target = link.getRawPath() + "?" + link.getRawQuery();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Answer>> clicks = List.of(1, 2)
			.stream()
			.map(click -> CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return RawHttp.get(this.port, target);
			}))
			.toList();

		start.countDown();
		List<Answer> answers = clicks.stream().map(CompletableFuture::join).toList();

		assertThat(answers).extracting(Answer::status).containsOnly(302);
		assertThat(answers).extracting(answer -> answer.first("location"))
			.containsExactlyInAnyOrder(WELCOME, DEAD_LINK);
		assertThat(answers.stream().filter(Burst::signedIn)).hasSize(1);
		assertThat(Accounts.rows(DATABASE, "SELECT email_verified_at FROM auth.accounts")).singleElement()
			.satisfies(row -> assertThat(row.get("email_verified_at")).isNotNull());
	}

	@Test
	void verifyWhenTokenExpiredForgedOrMissingThenTheErrorPageNever5xx(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		URI link = Mailbox.link(this.mailbox.received(1).get(0));
		String token = link.getRawQuery().substring("token=".length(), link.getRawQuery().indexOf('&'));
		TestPostgres.execute(DATABASE, "UPDATE auth.email_tokens SET expires_at = now() - interval '1 second'");

		for (String query : List.of("token=" + token, "", "token=", "token=short", "token=" + "A".repeat(43),
				"token=%25%25", "token=" + "x".repeat(2000),
				"token=" + token + "&callbackUrl=https%3A%2F%2Fevil.test")) {
			Page answer = browser.visit(URI.create(BridgeTest.URL + "/api/auth/verify-email?" + query));
			assertThat(answer.status()).as(query).isEqualTo(HttpStatus.FOUND);
			assertThat(answer.location()).as(query).hasToString(DEAD_LINK);
			assertThat(answer.setCookies()).doesNotContainKey(SESSION_COOKIE);
		}
		assertThat(Accounts.rows(DATABASE, "SELECT email_verified_at FROM auth.accounts")).singleElement()
			.satisfies(row -> assertThat(row).containsEntry("email_verified_at", null));
	}

	@Test
	void resetWhenUnverifiedThenTheResetLinkProvesTheAddressAndThePasswordSignsIn(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		this.mailbox.received(1);
		PasswordResetTests.forgot(browser, "ada@example.com", false);
		URI link = Mailbox.link(this.mailbox.received(2).get(1));
		String token = link.getQuery().substring("token=".length());

		assertThat(PasswordResetTests.resetWith(browser, token, PasswordResetTests.NEW_PASSWORD, true).status())
			.isEqualTo(HttpStatus.OK);

		Browser laptop = new Browser(this.port);
		assertThat(Accounts.signIn(laptop, "ada@example.com", PasswordResetTests.NEW_PASSWORD, true).status())
			.isEqualTo(HttpStatus.OK);
		assertThat(((Map<?, ?>) laptop.session().get("user")).get("emailVerified")).isNotNull();
	}

	@Test
	void signUpWhenOptionalThenMailedLinkAndThePasswordSignsInBeforeItUnverified(Browser browser) throws Exception {
		try (BridgeInstance optional = Accounts.bridge("AUTH_EMAIL_SERVER=smtp://127.0.0.1:" + MAIL_PORT,
				"AUTH_EMAIL_FROM=AuthBridge <no-reply@example.test>", "AUTH_EMAIL_VERIFICATION=optional")) {
			Browser phone = new Browser(optional.port());
			Page signedUp = Accounts.signUp(phone, "ada@example.com", Accounts.PASSWORD, "Ada", true);
			assertThat(signedUp.json()).isEqualTo(Map.of("url", SENT));
			assertThat(signedUp.setCookies()).doesNotContainKey(SESSION_COOKIE);
			URI link = Mailbox.link(this.mailbox.received(1).get(0));

			Browser laptop = new Browser(optional.port());
			assertThat(Accounts.signIn(laptop, "ada@example.com", Accounts.PASSWORD, true).status())
				.isEqualTo(HttpStatus.OK);
			Map<String, Object> before = user(laptop);
			assertThat(before).containsKey("emailVerified");
			assertThat(before.get("emailVerified")).isNull();

			assertThat(phone.visit(link).sets(SESSION_COOKIE)).isTrue();
			assertThat(((Map<?, ?>) phone.session().get("user")).get("emailVerified")).asString()
				.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z");
		}
	}

	@Test
	void signUpWhenOffThenSignedInAtOnceNothingMailedAndEmailVerifiedNull(Browser browser) throws Exception {
		try (BridgeInstance off = Accounts.bridge("AUTH_EMAIL_SERVER=smtp://127.0.0.1:" + MAIL_PORT,
				"AUTH_EMAIL_FROM=AuthBridge <no-reply@example.test>")) {
			Browser phone = new Browser(off.port());
			assertThat(Accounts.signUp(phone, "ada@example.com", Accounts.PASSWORD, "Ada", false).location())
				.hasToString(WELCOME);
			Map<String, Object> user = user(phone);
			assertThat(user).containsKey("emailVerified");
			assertThat(user.get("emailVerified")).isNull();
			assertThat(phone.visit(URI.create(BridgeTest.URL + "/api/auth/verify-email/sent")).status())
				.isEqualTo(HttpStatus.BAD_REQUEST);
			Thread.sleep(300);
			assertThat(this.mailbox.received()).isEmpty();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> user(Browser browser) {
		return (Map<String, Object>) browser.session().get("user");
	}

	static Page resend(Browser browser, String email) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("csrfToken", browser.csrfToken());
		form.put("email", email);
		form.put("callbackUrl", WELCOME);
		form.put("json", "true");
		return browser.submit("/api/auth/verify-email/resend", form);
	}

	/** The page's form fields (CSRF token, callbackUrl) with {@code email}. */
	private static Map<String, String> withEmail(Page page, String email) {
		Map<String, String> form = new LinkedHashMap<>(page.hiddenFields());
		form.put("email", email);
		return form;
	}

	/** Every header but those that differ per answer anyway (its date, its id). */
	private static Map<String, List<String>> comparable(HttpHeaders headers) {
		Map<String, List<String>> kept = new LinkedHashMap<>();
		headers.forEach((name, values) -> {
			if (!name.equalsIgnoreCase(HttpHeaders.DATE) && !name.equalsIgnoreCase("X-Request-Id")) {
				kept.put(name.toLowerCase(java.util.Locale.ROOT), values);
			}
		});
		return kept;
	}

	private static String to(MimeMessage mail) {
		try {
			return mail.getAllRecipients()[0].toString();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
