package dev.authbridge.mail;

/**
 * A mail was not accepted: the server is down, did not answer in time, or refused (e.g.
 * wrong credentials). The message is one of a few fixed words, never an address, a
 * server's reply or a password.
 */
public final class MailUnavailableException extends RuntimeException {

	public MailUnavailableException(String reason) {
		super(reason, null, false, false);
	}

}
