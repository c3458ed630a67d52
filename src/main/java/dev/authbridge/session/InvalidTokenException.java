package dev.authbridge.session;

/**
 * A token that must not be honoured. The message is a short machine reason ({@code expired}, {@code bad_signature}, …)
 * and never contains the token itself.
 */
public final class InvalidTokenException extends Exception {

	public InvalidTokenException(String reason) {
		super(reason, null, false, false);
	}

}
