package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.db.TestPostgres;
import dev.authbridge.journeys.Browser.Page;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Password reset over real HTTP with a real SMTP server in the test JVM: forgot → mail →
 * form → new password, through the public API only; the same answer whether or not the
 * address has an account; dead links refused; the send limits; and a mail server that is
 * down or silent answered with 503 and {@code Retry-After}, leaving no usable token.
 */
@FlowTest
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetTests extends MailJourneyTest {

	static final String NEW_PASSWORD = "a brand new passphrase";

	@Test
	void resetWhenLinkFollowedThenNewPasswordWorksOldDoesNotAndOtherSessionsEnd(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, "Ada", false);
		Browser phone = new Browser(this.port);
		Accounts.signIn(phone, "ada@example.com", Accounts.PASSWORD, false);
		assertThat(phone.session()).containsKey("user");

		assertThat(browser.visit(URI.create(BridgeTest.URL + "/api/auth/signin")).body())
			.contains("href=\"" + BridgeTest.URL + "/api/auth/password/forgot\"");
		assertThat(browser.visit(URI.create(BridgeTest.URL + "/api/auth/password/forgot")).body())
			.contains("action=\"" + BridgeTest.URL + "/api/auth/password/forgot\"");
		Page sent = forgot(browser, "Ada@Example.com", false);
		assertThat(sent.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(sent.location()).hasToString(BridgeTest.URL + "/api/auth/password/forgot?sent=true");
		MimeMessage mail = this.mailbox.received(1).get(0);
		assertThat(mail.getAllRecipients()[0]).hasToString("ada@example.com");
		assertThat(mail.getFrom()[0]).hasToString("AuthBridge <no-reply@example.test>");
		URI link = Mailbox.link(mail);
		assertThat(link.toString()).startsWith(BridgeTest.URL + "/api/auth/password/reset?token=");
		assertThat(Accounts.rows(DATABASE, "SELECT token_hash FROM auth.email_tokens")).singleElement()
			.satisfies(row -> assertThat(row.get("token_hash").toString()).doesNotContain(link.getQuery()));

		Page form = browser.visit(link);
		assertThat(form.status()).isEqualTo(HttpStatus.OK);
		assertThat(form.body()).contains("autocomplete=\"new-password\"");
		Map<String, String> fields = new LinkedHashMap<>(form.hiddenFields());
		fields.put("password", NEW_PASSWORD);
		Page reset = browser.submit("/api/auth/password/reset", fields);

		assertThat(reset.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(reset.location()).hasToString(BridgeTest.URL + "/api/auth/signin");
		assertThat(phone.session()).isEmpty();
		assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, true).status())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		Browser laptop = new Browser(this.port);
		assertThat(Accounts.signIn(laptop, "ada@example.com", NEW_PASSWORD, false).sets(SESSION_COOKIE)).isTrue();
		assertThat(laptop.session()).containsKey("user");
	}

	@Test
	void forgotWhenAddressHasNoAccountThenSameStatusAndBodyAndAMailSayingSo(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);

		Page known = forgot(new Browser(this.port), "ada@example.com", true);
		Page unknown = forgot(new Browser(this.port), "grace@example.com", true);
		Page knownForm = forgot(new Browser(this.port), "ada@example.com", false);
		Page unknownForm = forgot(new Browser(this.port), "grace@example.com", false);

		assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(HttpStatus.OK);
		assertThat(unknown.body()).isEqualTo(known.body());
		assertThat(unknownForm.status()).isEqualTo(knownForm.status());
		assertThat(unknownForm.location()).isEqualTo(knownForm.location());
		List<MimeMessage> mails = this.mailbox.received(4);
		MimeMessage toGrace = mails.stream()
			.filter(mail -> Mailbox.to(mail).equals("grace@example.com"))
			.findFirst()
			.orElseThrow();
		assertThat(toGrace.getSubject()).isEqualTo(mails.get(0).getSubject());
		assertThat(Mailbox.body(toGrace)).contains("there is no account").doesNotContain("token=");
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.email_tokens")).hasSize(2);
	}

	@Test
	void resetWhenTokenUsedThenRefusedWithReasonAndPasswordUnchanged(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		forgot(browser, "ada@example.com", false);
		URI link = Mailbox.link(this.mailbox.received(1).get(0));
		String token = link.getQuery().substring("token=".length());
		assertThat(resetWith(browser, token, NEW_PASSWORD, true).status()).isEqualTo(HttpStatus.OK);

		Page again = resetWith(browser, token, "yet another passphrase", true);
		Page form = browser.visit(link);

		assertThat(again.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(again.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/error?error=Verification&reason=token_invalid");
		assertThat(form.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(form.location())
			.hasToString(BridgeTest.URL + "/api/auth/error?error=Verification&reason=token_invalid");
		assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", NEW_PASSWORD, true).status())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void resetWhenTokenExpiredOrForgedThenRefusedNever5xx(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		forgot(browser, "ada@example.com", false);
		String token = Mailbox.link(this.mailbox.received(1).get(0)).getQuery().substring("token=".length());
		TestPostgres.execute(DATABASE, "UPDATE auth.email_tokens SET expires_at = now() - interval '1 second'");

		for (String dead : List.of(token, "", "short", "A".repeat(43), "%%%", "x".repeat(5000))) {
			Page answer = resetWith(browser, dead, NEW_PASSWORD, true);
			assertThat(answer.status()).as("token %s", dead).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(answer.json()).containsEntry("url",
					BridgeTest.URL + "/api/auth/error?error=Verification&reason=token_invalid");
		}
		assertThat(browser.visit(URI.create(BridgeTest.URL + "/api/auth/error?error=Verification")).status())
			.isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void resetWhenPasswordRefusedByPolicyThenBackToTheFormAndLinkStillWorks(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		forgot(browser, "ada@example.com", false);
		String token = Mailbox.link(this.mailbox.received(1).get(0)).getQuery().substring("token=".length());

		Page refused = resetWith(browser, token, "short", false);
		Page form = browser.visit(refused.location());

		assertThat(refused.location())
			.hasToString(BridgeTest.URL + "/api/auth/password/reset?token=" + token + "&reason=password_too_short");
		assertThat(form.body()).contains("Choose a password of at least 8 characters.");
		assertThat(resetWith(browser, token, NEW_PASSWORD, true).status()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void resetWhenAccountLockedByFailedSignInsThenTheNewPasswordSignsInAtOnce(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		for (int i = 0; i < 5; i++) {
			Accounts.signIn(new Browser(this.port), "ada@example.com", "a wrong guess " + i, true);
		}
		assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", Accounts.PASSWORD, true).status())
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		forgot(browser, "ada@example.com", false);
		String token = Mailbox.link(this.mailbox.received(1).get(0)).getQuery().substring("token=".length());

		assertThat(resetWith(browser, token, NEW_PASSWORD, true).status()).isEqualTo(HttpStatus.OK);

		assertThat(Accounts.signIn(new Browser(this.port), "ada@example.com", NEW_PASSWORD, true).status())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void forgotWhenOverTheLimitsThenSameAnswerNothingSentAndNoAddressLogged(Browser browser, CapturedOutput output)
			throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		for (int i = 0; i < 4; i++) {
			assertThat(forgot(browser, "ada@example.com", true).json()).containsEntry("url",
					BridgeTest.URL + "/api/auth/password/forgot?sent=true");
		}
		assertThat(this.mailbox.received(3)).hasSize(3);
		// the fourth request counted against this client too: 10 requests per client
		for (int i = 0; i < 8; i++) {
			assertThat(forgot(browser, "person" + i + "@example.com", true).status()).isEqualTo(HttpStatus.OK);
		}
		Thread.sleep(300);
		assertThat(this.mailbox.received()).as("10 requests per client an hour").hasSize(9);
		// GreenMail, the SMTP server, logs the addresses it receives for: the bridge must
		// not
		String bridgeLog = output.getAll()
			.lines()
			.filter(line -> !line.contains("icegreen"))
			.collect(Collectors.joining("\n"));
		assertThat(bridgeLog).contains("Password reset mail not sent: send limit reached")
			.doesNotContain("ada@example.com")
			.doesNotContain("person7@example.com");
	}

	@Test
	void forgotWhenMailServerDownThen503RetryAfterForAnyAddressAndNoToken(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		this.mailbox.close();

		assertMailUnavailable(forgot(browser, "ada@example.com", true));
		assertMailUnavailable(forgot(browser, "grace@example.com", true));
		Page form = forgot(browser, "ada@example.com", false);

		assertThat(form.status()).isEqualTo(HttpStatus.FOUND);
		assertThat(form.location())
			.hasToString(BridgeTest.URL + "/api/auth/error?error=EmailSignin&reason=email_unavailable");
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.email_tokens")).isEmpty();
	}

	@Test
	void forgotWhenMailServerNeverAnswersThen503AfterTheTimeoutAndNoToken(Browser browser) throws Exception {
		Accounts.signUp(browser, "ada@example.com", Accounts.PASSWORD, null, false);
		this.mailbox.close();
		try (ServerSocket silent = new ServerSocket(MAIL_PORT, 10, InetAddress.getLoopbackAddress())) {
			Thread accepting = new Thread(() -> acceptForever(silent));
			accepting.setDaemon(true);
			accepting.start();
			long started = System.nanoTime();

			assertMailUnavailable(forgot(browser, "ada@example.com", true));

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(2),
					Duration.ofSeconds(5));
			accepting.interrupt();
		}
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.email_tokens")).isEmpty();
	}

	@Test
	void devOutboxWhenMailServerSetThenNotServed(Browser browser) {
		assertThat(browser.visit(URI.create(BridgeTest.URL + "/dev-outbox")).status()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	private static void assertMailUnavailable(Page answer) {
		assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
		assertThat(answer.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/error?error=EmailSignin&reason=email_unavailable");
	}

	/** Takes every connection and never says a word, as a hung server does. */
	private static void acceptForever(ServerSocket server) {
		List<Socket> held = new ArrayList<>();
		try {
			while (true) {
				held.add(server.accept());
			}
		}
		catch (IOException ex) {
			// closed by the test
		}
	}

	static Page forgot(Browser browser, String email, boolean json) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("csrfToken", browser.csrfToken());
		form.put("email", email);
		if (json) {
			form.put("json", "true");
		}
		return browser.submit("/api/auth/password/forgot", form);
	}

	static Page resetWith(Browser browser, String token, String password, boolean json) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("csrfToken", browser.csrfToken());
		form.put("token", token);
		form.put("password", password);
		if (json) {
			form.put("json", "true");
		}
		return browser.submit("/api/auth/password/reset", form);
	}

}
