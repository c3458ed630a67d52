package dev.authbridge.db;

/**
 * PostgreSQL could not answer in time, or is not ready yet: the feature that needed it
 * answers 503.
 */
public final class DatabaseUnavailableException extends RuntimeException {

	public DatabaseUnavailableException(String message) {
		super(message, null, false, false);
	}

}
