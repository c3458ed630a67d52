package dev.authbridge.session;

/**
 * No key signs access tokens yet: the rotating keys have not been loaded from PostgreSQL
 * since startup. Callers answer "try again shortly" rather than fail.
 */
public final class KeysUnavailableException extends RuntimeException {

	public KeysUnavailableException() {
		super("the access token signing keys are not loaded yet", null, false, false);
	}

}
