package dev.authbridge.credentials;

/**
 * The {@link PasswordHasher} has as many hashes running and waiting as it allows: an
 * expected answer under load, so it carries no stack trace, and {@link CredentialsLogin}
 * turns it into a 503 the client retries.
 */
final class HasherBusyException extends RuntimeException {

	HasherBusyException() {
		super("password hashing is at capacity", null, false, false);
	}

}
