package dev.authbridge.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.FreePort;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

class SmtpMailSenderTests {

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.of(Named.of("nothing listening", connect(new ConnectException("Connection refused"))), true,
						"server unreachable"),
				Arguments.of(
						Named.of("no answer in time",
								new MessagingException("Exception reading response", new SocketTimeoutException())),
						true, "no answer in time"),
				Arguments.of(Named.of("4xx reply", reply(451)), true, "refused with 451"),
				Arguments.of(Named.of("5xx reply", reply(550)), false, "refused with 550"),
				Arguments.of(Named.of("credentials refused", new AuthenticationFailedException("535")), false,
						"credentials refused"),
				Arguments.of(Named.of("certificate refused", connect(new SSLHandshakeException("PKIX path"))), false,
						"TLS failed (PKIX path)"),
				Arguments.of(Named.of("pool full", new RejectedExecutionException()), false, "busy"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void passingAndKindWhenFailureThenRetriedOnlyWhenItMayPassAndNamedInFixedWords(Throwable failure, boolean passing,
			String kind) {
		assertThat(SmtpMailSender.passing(failure)).isEqualTo(passing);
		assertThat(SmtpMailSender.kind(failure)).isEqualTo(kind);
	}

	@Test
	void sendWhenNothingListensThenUnavailableAfterTheRetries() throws Exception {
		SmtpServer server = new SmtpServer("127.0.0.1", FreePort.next(), false, null, null);
		try (SmtpMailSender sender = new SmtpMailSender(server, new InternetAddress("no-reply@example.test"),
				Duration.ofSeconds(1), 1, null)) {
			StepVerifier.create(sender.send(new Mail("ada@example.test", "Hello", "Hello")))
				.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(MailUnavailableException.class)
					.hasMessage("server unreachable"))
				.verify(Duration.ofSeconds(10));
		}
	}

	@Test
	void propertiesWhenPlainSmtpWithUserThenStarttlsRequiredAndTimeoutsSet() {
		var properties = SmtpMailSender.properties(new SmtpServer("mail.example.test", 587, false, "bridge", "pw"),
				Duration.ofSeconds(3), null);

		assertThat(properties).containsEntry("mail.smtp.starttls.required", "true")
			.containsEntry("mail.smtp.ssl.checkserveridentity", "true")
			.containsEntry("mail.smtp.connectiontimeout", "3000")
			.containsEntry("mail.smtp.timeout", "3000")
			.containsEntry("mail.smtp.writetimeout", "3000")
			.doesNotContainValue("pw");
	}

	private static MailConnectException connect(Exception cause) {
		return new MailConnectException(new SocketConnectException("connect", cause, "127.0.0.1", 25, 1000));
	}

	private static SMTPSendFailedException reply(int code) {
		return new SMTPSendFailedException("DATA", code, code + " no", null, null, null, null);
	}

}
