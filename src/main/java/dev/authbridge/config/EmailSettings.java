package dev.authbridge.config;

import dev.authbridge.credentials.MailLimits;
import dev.authbridge.credentials.VerificationMode;
import dev.authbridge.mail.SmtpServer;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The mail settings after validation.
 *
 * @param server the SMTP server, or empty: the development outbox in a development run,
 * no mail otherwise
 * @param from the sender
 * @param timeout the longest wait to connect, read or write
 * @param retries retries of a send that may succeed later
 * @param tls the certificates {@code AUTH_EMAIL_TLS_CA} trusts, or empty for the JVM's
 * @param limits how many mails a window allows
 * @param resetMaxAge how long a password reset link works
 * @param linkMaxAge how long a sign-in link works
 * @param verification whether accounts prove their address
 * @param verificationMaxAge how long a verification link works
 */
public record EmailSettings(Optional<SmtpServer> server, InternetAddress from, Duration timeout, int retries,
		Optional<SSLSocketFactory> tls, MailLimits limits, Duration resetMaxAge, Duration linkMaxAge,
		VerificationMode verification, Duration verificationMaxAge) {

	/** The sender of a development run's mails, which never leave the process. */
	static final String DEV_FROM = "AuthBridge <authbridge@localhost>";

	/** The settings; each problem goes to {@code problems} as one line. */
	public static EmailSettings decide(AccountProperties.Email email, boolean database, List<String> problems) {
		Optional<SmtpServer> server = SmtpServer.parse(email.server(), problems);
		if (server.isPresent() && !database) {
			problems.add("AUTH_EMAIL_SERVER is set but DATABASE_URL is not: the mails the bridge sends (password "
					+ "reset) are for accounts in PostgreSQL, so set DATABASE_URL too");
		}
		InternetAddress from = null;
		boolean fromSet = email.from() != null && !email.from().isBlank();
		if (server.isPresent() && !fromSet) {
			problems.add("AUTH_EMAIL_FROM is not set: set it to the sender of the bridge's mails, e.g. "
					+ "AuthBridge <no-reply@example.com>");
		}
		try {
			from = new InternetAddress(fromSet ? email.from().strip() : DEV_FROM, true);
		}
		catch (AddressException ex) {
			problems.add("AUTH_EMAIL_FROM is not an e-mail address: set it to e.g. AuthBridge <no-reply@example.com>");
		}
		if (email.timeout() == null || email.timeout().toMillis() < 1) {
			problems.add("AUTH_EMAIL_TIMEOUT must be a positive duration, e.g. 10s");
		}
		if (email.retries() < 0) {
			problems.add("AUTH_EMAIL_RETRIES must be 0 or more, e.g. 2");
		}
		if (email.sendsPerAddress() < 1) {
			problems.add("AUTH_EMAIL_SENDS_PER_ADDRESS must be at least 1");
		}
		if (email.sendsPerClient() < 1) {
			problems.add("AUTH_EMAIL_SENDS_PER_CLIENT must be at least 1");
		}
		if (email.sendWindow() == null || email.sendWindow().toSeconds() < 1) {
			problems.add("AUTH_EMAIL_SEND_WINDOW must be at least one second, e.g. 1h");
		}
		if (email.resetMaxAge() == null || email.resetMaxAge().toSeconds() < 1) {
			problems.add("AUTH_PASSWORD_RESET_MAX_AGE must be at least one second, e.g. 30m");
		}
		if (email.linkMaxAge() == null || email.linkMaxAge().toSeconds() < 1) {
			problems.add("AUTH_EMAIL_LINK_MAX_AGE must be at least one second, e.g. 24h");
		}
		VerificationMode verification = VerificationMode.parse(email.verification(), problems);
		if (email.verificationMaxAge() == null || email.verificationMaxAge().toSeconds() < 1) {
			problems.add("AUTH_EMAIL_VERIFICATION_MAX_AGE must be at least one second, e.g. 24h");
		}
		Optional<SSLSocketFactory> tls = email.tlsCa() == null || email.tlsCa().isBlank() ? Optional.empty()
				: trusting(Path.of(email.tlsCa().strip()), problems);
		return new EmailSettings(server, from, email.timeout(), email.retries(), tls,
				new MailLimits(email.sendsPerAddress(), email.sendsPerClient(), email.sendWindow()),
				email.resetMaxAge(), email.linkMaxAge(), verification, email.verificationMaxAge());
	}

	/**
	 * A socket factory that trusts exactly the certificates in the PEM file {@code ca}.
	 */
	private static Optional<SSLSocketFactory> trusting(Path ca, List<String> problems) {
		try (InputStream in = Files.newInputStream(ca)) {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(in);
			if (certificates.isEmpty()) {
				throw new GeneralSecurityException("no certificate");
			}
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			int index = 0;
			for (Certificate certificate : certificates) {
				store.setCertificateEntry("ca-" + index++, certificate);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return Optional.of(context.getSocketFactory());
		}
		catch (IOException | GeneralSecurityException ex) {
			problems.add("AUTH_EMAIL_TLS_CA " + ca + " is not a readable PEM file of certificates: set it to the "
					+ "CA certificate of the mail server, or leave it empty to trust the JVM's CAs");
			return Optional.empty();
		}
	}

}
