package dev.authbridge.seal;

/**
 * Why a sealed value was refused. The value comes from outside (a cookie, a form, a
 * header), so the exception has no stack trace and its message never repeats the value.
 */
public final class SealException extends Exception {

	private final Reason reason;

	SealException(Reason reason) {
		super(reason.name(), null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * The closed set of reasons, so callers can tell an expired value, worth its own
	 * message, from a bad one.
	 */
	public enum Reason {

		/** Longer than any value the sealer writes. */
		OVERSIZED,

		/** Not a compact JWE, or its payload is not a JSON object. */
		MALFORMED,

		/**
		 * Any header but {@code {"alg":"dir","enc":"A256GCM"}}, such as {@code alg: none}
		 * or compression.
		 */
		UNEXPECTED_HEADER,

		/**
		 * Changed since it was sealed, or sealed under another key: AES-GCM cannot tell
		 * the two apart.
		 */
		NOT_AUTHENTIC,

		/** Sealed for another use, or for none. */
		WRONG_USE,

		/** Past its expiry, or without one. */
		EXPIRED

	}

}
