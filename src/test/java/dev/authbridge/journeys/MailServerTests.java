package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import dev.authbridge.FreePort;
import dev.authbridge.journeys.Browser.Page;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The bridge against real SMTP servers in the test JVM over each kind of transport: TLS
 * from the first byte with a certificate the operator's CA file trusts, STARTTLS (a Node
 * SMTP server: GreenMail has none), and refusals that must not leak a password: wrong
 * credentials, a certificate nobody vouched for, and a plain server offering no STARTTLS
 * to a bridge that has a password to send. Each asks for a reset for an address without
 * an account, which sends a mail all the same.
 */
@ExtendWith(OutputCaptureExtension.class)
class MailServerTests {

	static final String PASSWORD = "s3cret-mail-password";

	static final String STORE_PASSWORD = "changeit";

	@TempDir
	static Path keys;

	static Path caFile;

	static Path store;

	/**
	 * A key pair for 127.0.0.1, made with the JDK's keytool: GreenMail's SMTPS and the
	 * STARTTLS server serve it, the bridge trusts its certificate through
	 * {@code AUTH_EMAIL_TLS_CA}.
	 */
	@BeforeAll
	static void serverCertificate() throws Exception {
		store = keys.resolve("smtp.p12");
		caFile = keys.resolve("ca.pem");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		run(keytool, "-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-dname",
				"CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
		run(keytool, "-exportcert", "-rfc", "-alias", "greenmail", "-keystore", store.toString(), "-storepass",
				STORE_PASSWORD, "-file", caFile.toString());
		System.setProperty("greenmail.tls.keystore.file", store.toString());
		System.setProperty("greenmail.tls.keystore.password", STORE_PASSWORD);
		System.setProperty("greenmail.tls.key.password", STORE_PASSWORD);
	}

	@Test
	void forgotWhenSmtpsWithTrustedCertificateThenMailDeliveredOverTls() throws Exception {
		int port = FreePort.next();
		try (Mailbox mailbox = Mailbox.smtps(port, "bridge", PASSWORD);
				BridgeInstance bridge = bridge("smtps://bridge:" + PASSWORD + "@127.0.0.1:" + port,
						"AUTH_EMAIL_TLS_CA=" + caFile)) {
			Page answer = PasswordResetTests.forgot(new Browser(bridge.port()), "grace@example.com", true);

			assertThat(answer.status()).isEqualTo(HttpStatus.OK);
			assertThat(mailbox.received(1)).singleElement()
				.satisfies(mail -> assertThat(Mailbox.body(mail)).contains("there is no account"));
		}
	}

	@Test
	void forgotWhenStarttlsServerThenSignedInAndDeliveredOnlyOverTls() throws Exception {
		int port = FreePort.next();
		try (StarttlsMailbox mailbox = new StarttlsMailbox(port, store, STORE_PASSWORD, "bridge", PASSWORD);
				BridgeInstance bridge = bridge("smtp://bridge:" + PASSWORD + "@127.0.0.1:" + port,
						"AUTH_EMAIL_TLS_CA=" + caFile)) {
			Page answer = PasswordResetTests.forgot(new Browser(bridge.port()), "grace@example.com", true);

			assertThat(answer.status()).isEqualTo(HttpStatus.OK);
			Map<String, Object> mail = mailbox.received(Duration.ofSeconds(10));
			assertThat(mail).containsEntry("secure", true)
				.containsEntry("user", "bridge")
				.containsEntry("to", List.of("grace@example.com"));
			assertThat((String) mail.get("message")).contains("there is no account");
		}
	}

	@Test
	void forgotWhenCredentialsRefusedThen503AtOnceAndNoPasswordLogged(CapturedOutput output) throws Exception {
		int port = FreePort.next();
		try (Mailbox mailbox = Mailbox.smtps(port, "bridge", "another-password");
				BridgeInstance bridge = bridge("smtps://bridge:" + PASSWORD + "@127.0.0.1:" + port,
						"AUTH_EMAIL_TLS_CA=" + caFile)) {
			assertUnavailable(PasswordResetTests.forgot(new Browser(bridge.port()), "grace@example.com", true));

			assertThat(mailbox.received()).isEmpty();
		}
		assertThat(output.getAll()).contains("Mail not sent: credentials refused")
			.doesNotContain("retry 1 of")
			.doesNotContain(PASSWORD);
	}

	@Test
	void forgotWhenCertificateNotTrustedThen503AndNothingSent(CapturedOutput output) throws Exception {
		int port = FreePort.next();
		try (Mailbox mailbox = Mailbox.smtps(port, "bridge", PASSWORD);
				BridgeInstance bridge = bridge("smtps://bridge:" + PASSWORD + "@127.0.0.1:" + port)) {
			assertUnavailable(PasswordResetTests.forgot(new Browser(bridge.port()), "grace@example.com", true));

			assertThat(mailbox.received()).isEmpty();
		}
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void forgotWhenPlainServerOffersNoStarttlsThenPasswordNeverSentAnd503(CapturedOutput output) throws Exception {
		int port = FreePort.next();
		try (Mailbox mailbox = Mailbox.smtp(port);
				BridgeInstance bridge = bridge("smtp://bridge:" + PASSWORD + "@127.0.0.1:" + port)) {
			assertUnavailable(PasswordResetTests.forgot(new Browser(bridge.port()), "grace@example.com", true));

			assertThat(mailbox.received()).isEmpty();
		}
		assertThat(output.getAll()).contains("Mail not sent: server offers no STARTTLS").doesNotContain(PASSWORD);
	}

	private static BridgeInstance bridge(String server, String... more) throws InterruptedException {
		List<String> settings = new ArrayList<>(List.of("AUTH_EMAIL_SERVER=" + server,
				"AUTH_EMAIL_FROM=no-reply@example.test", "AUTH_EMAIL_TIMEOUT=2s", "AUTH_EMAIL_RETRIES=1"));
		settings.addAll(List.of(more));
		return Accounts.bridge(settings.toArray(String[]::new));
	}

	private static void assertUnavailable(Page answer) {
		assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
		assertThat(answer.json()).containsEntry("url",
				BridgeTest.URL + "/api/auth/error?error=EmailSignin&reason=email_unavailable");
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(out).isZero();
	}

}
