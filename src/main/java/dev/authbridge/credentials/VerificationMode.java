package dev.authbridge.credentials;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code AUTH_EMAIL_VERIFICATION}: whether an e-mail + password account proves its
 * address (DESIGN §11).
 */
public enum VerificationMode {

	/** Sign-up signs in at once, as before verification existed; nothing is mailed. */
	OFF,
	/**
	 * Sign-up mails a link and waits for it; the password signs in before the address is
	 * proved, with {@code emailVerified: null}.
	 */
	OPTIONAL,
	/**
	 * As {@link #OPTIONAL}, but the password signs in only once the address is proved.
	 */
	REQUIRED;

	/**
	 * The mode {@code value} names ({@code off}, {@code optional}, {@code required}, any
	 * case; blank: {@code off}); else a problem line and {@link #OFF}.
	 */
	public static VerificationMode parse(String value, List<String> problems) {
		if (value == null || value.isBlank()) {
			return OFF;
		}
		Optional<VerificationMode> mode = Arrays.stream(values())
			.filter(candidate -> candidate.name().equalsIgnoreCase(value.strip()))
			.findFirst();
		if (mode.isEmpty()) {
			problems
				.add("AUTH_EMAIL_VERIFICATION \"" + value.strip() + "\" is not a mode: set off, optional or required");
		}
		return mode.orElse(OFF);
	}

	/** Whether sign-up mails a verification link rather than signing in. */
	public boolean on() {
		return this != OFF;
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
