package dev.authbridge.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The development run's mail server: keeps the latest {@link #KEPT} mails in memory, for
 * the outbox page that only this machine may read, so that a first run without
 * {@code AUTH_EMAIL_SERVER} can try every flow that sends mail. Nothing leaves the
 * process.
 */
public final class DevOutbox implements MailSender {

	private static final Log logger = LogFactory.getLog(DevOutbox.class);

	static final int KEPT = 50;

	private final Deque<Sent> mails = new ArrayDeque<>();

	private final Clock clock;

	private final String page;

	/**
	 * @param page where the outbox page is, for the log line each mail leaves
	 */
	public DevOutbox(Clock clock, String page) {
		this.clock = clock;
		this.page = page;
	}

	/**
	 * A mail kept, and when.
	 *
	 * @param at when it was sent
	 * @param mail the mail
	 */
	public record Sent(Instant at, Mail mail) {

	}

	@Override
	public Mono<Void> send(Mail mail) {
		return Mono.fromRunnable(() -> {
			synchronized (this.mails) {
				this.mails.addFirst(new Sent(this.clock.instant(), mail));
				if (this.mails.size() > KEPT) {
					this.mails.removeLast();
				}
			}
			logger.info("Mail kept in the development outbox, not sent: open " + this.page);
		});
	}

	/** The kept mails, newest first. */
	public List<Sent> latest() {
		synchronized (this.mails) {
			return List.copyOf(this.mails);
		}
	}

}
