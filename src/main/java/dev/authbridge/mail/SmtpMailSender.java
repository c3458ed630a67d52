package dev.authbridge.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Mails over SMTP with Jakarta Mail, whose transport blocks: every send runs on a bounded
 * pool of its own, never on the event loop, and a full pool refuses at once rather than
 * queueing without end. Connecting, reading and writing each wait at most
 * {@code timeout}; a failure that may pass (nothing listening, no answer in time, a 4xx
 * reply) is retried {@code retries} times with backoff, one that will not (credentials
 * refused, a 5xx reply) is not. Failures come out as {@link MailUnavailableException}s
 * naming the kind only: the log never gets a server reply, which may quote the recipient,
 * nor the password.
 */
public final class SmtpMailSender implements MailSender, AutoCloseable {

	private static final Log logger = LogFactory.getLog(SmtpMailSender.class);

	/** Mails being sent at once; the rest wait in a queue of {@link #QUEUE}. */
	static final int THREADS = 4;

	static final int QUEUE = 100;

	/** The first retry's wait; each next one doubles it. */
	static final Duration BACKOFF = Duration.ofMillis(500);

	private final SmtpServer server;

	private final InternetAddress from;

	private final Session session;

	private final int retries;

	private final Scheduler scheduler = Schedulers.newBoundedElastic(THREADS, QUEUE, "mail");

	/**
	 * @param tls the socket factory that decides which certificates are trusted, or
	 * {@code null} for the JVM's own trust store
	 */
	public SmtpMailSender(SmtpServer server, InternetAddress from, Duration timeout, int retries,
			SSLSocketFactory tls) {
		this.server = server;
		this.from = from;
		this.retries = retries;
		this.session = Session.getInstance(properties(server, timeout, tls));
	}

	static Properties properties(SmtpServer server, Duration timeout, SSLSocketFactory tls) {
		String protocol = server.implicitTls() ? "smtps" : "smtp";
		String prefix = "mail." + protocol + ".";
		String millis = Long.toString(timeout.toMillis());
		Properties properties = new Properties();
		properties.put(prefix + "host", server.host());
		properties.put(prefix + "port", Integer.toString(server.port()));
		properties.put(prefix + "connectiontimeout", millis);
		properties.put(prefix + "timeout", millis);
		properties.put(prefix + "writetimeout", millis);
		properties.put(prefix + "auth", Boolean.toString(server.user() != null));
		properties.put(prefix + "ssl.checkserveridentity", "true");
		if (!server.implicitTls()) {
			properties.put(prefix + "starttls.enable", "true");
			// a password never crosses in clear
			properties.put(prefix + "starttls.required", Boolean.toString(server.user() != null));
		}
		if (tls != null) {
			properties.put(prefix + "ssl.socketFactory", tls);
		}
		return properties;
	}

	@Override
	public Mono<Void> send(Mail mail) {
		return Mono.<Void>fromRunnable(() -> deliver(mail))
			.subscribeOn(this.scheduler)
			.retryWhen(Retry.backoff(this.retries, BACKOFF)
				.filter(SmtpMailSender::passing)
				.doBeforeRetry(signal -> logger.info("Mail not accepted (" + kind(signal.failure()) + "), retry "
						+ (signal.totalRetries() + 1) + " of " + this.retries))
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.onErrorMap(ex -> !(ex instanceof MailUnavailableException), ex -> {
				String kind = kind(ex);
				logger
					.warn("Mail not sent: " + kind + " (server " + this.server.host() + ":" + this.server.port() + ")");
				return new MailUnavailableException(kind);
			});
	}

	private void deliver(Mail mail) {
		try {
			MimeMessage message = new MimeMessage(this.session);
			message.setFrom(this.from);
			message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to(), true));
			message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
			message.setText(mail.text(), StandardCharsets.UTF_8.name());
			message.setSentDate(new Date());
			message.saveChanges();
			// the transport by name: Transport.send would pick "smtp" for any address,
			// whatever the protocol
			try (Transport transport = this.session.getTransport(this.server.implicitTls() ? "smtps" : "smtp")) {
				transport.connect(this.server.host(), this.server.port(), this.server.user(), this.server.password());
				transport.sendMessage(message, message.getAllRecipients());
			}
		}
		catch (MessagingException ex) {
			throw new SendFailure(ex);
		}
	}

	/** Whether trying again may help: the server away or slow, or a 4xx reply. */
	static boolean passing(Throwable ex) {
		Throwable cause = ex instanceof SendFailure ? ex.getCause() : ex;
		if (cause instanceof AuthenticationFailedException) {
			return false;
		}
		if (cause instanceof SMTPSendFailedException reply) {
			return reply.getReturnCode() >= 400 && reply.getReturnCode() < 500;
		}
		if (find(cause, SSLException.class) != null) {
			return false;
		}
		return cause instanceof MailConnectException || timedOut(cause) || cause instanceof MessagingException
				&& ((MessagingException) cause).getNextException() instanceof IOException;
	}

	/** The kind of failure, in a few fixed words. */
	static String kind(Throwable ex) {
		Throwable cause = ex instanceof SendFailure ? ex.getCause() : ex;
		if (cause instanceof RejectedExecutionException) {
			return "busy";
		}
		if (cause instanceof AuthenticationFailedException) {
			return "credentials refused";
		}
		Throwable tls = find(cause, SSLException.class);
		if (tls != null) {
			// the handshake's own words: which certificate or protocol, never a password
			return "TLS failed (" + tls.getMessage() + ")";
		}
		if (cause instanceof MailConnectException) {
			return "server unreachable";
		}
		if (timedOut(cause)) {
			return "no answer in time";
		}
		if (cause instanceof SMTPSendFailedException reply) {
			return "refused with " + reply.getReturnCode();
		}
		if (cause instanceof MessagingException && cause.getMessage() != null
				&& cause.getMessage().contains("STARTTLS")) {
			return "server offers no STARTTLS";
		}
		return "failed (" + cause.getClass().getSimpleName() + ")";
	}

	private static boolean timedOut(Throwable ex) {
		return find(ex, SocketTimeoutException.class) != null;
	}

	/** The first of {@code ex}'s causes that is a {@code type}, or {@code null}. */
	private static Throwable find(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return cause;
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.scheduler.dispose();
	}

	/** A {@link MessagingException} on its way through Reactor. */
	private static final class SendFailure extends RuntimeException {

		SendFailure(MessagingException cause) {
			super(null, cause, false, false);
		}

	}

}
