package dev.authbridge.mail;

import reactor.core.publisher.Mono;

/** Hands mails to whatever delivers them. */
@FunctionalInterface
public interface MailSender {

	/**
	 * Completes once the mail is accepted for delivery; fails with
	 * {@link MailUnavailableException} when it could not be, after any retries.
	 */
	Mono<Void> send(Mail mail);

}
