package dev.authbridge.credentials;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * E-mail addresses as accounts are keyed: trimmed, Unicode NFC, lower case, so
 * {@code " Ada@Example.COM"} and {@code "ada@example.com"} are one account. A plausible
 * address only: one {@code @}, something before it, a dotted domain after it, no spaces,
 * at most 254 characters (RFC 5321 §4.5.3.1.3). Whether it receives mail is not checked.
 */
public final class EmailAddress {

	static final int MAX_LENGTH = 254;

	/**
	 * Unicode white space too: a no-break space pasted into an address is as much a space
	 * as U+0020.
	 */
	private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+",
			Pattern.UNICODE_CHARACTER_CLASS);

	private EmailAddress() {
	}

	/** The normalised address, or empty when {@code raw} is not a plausible one. */
	public static Optional<String> normalise(String raw) {
		if (raw == null) {
			return Optional.empty();
		}
		String address = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
		if (address.length() > MAX_LENGTH || !SHAPE.matcher(address).matches()
				|| address.codePoints().anyMatch(Character::isISOControl)) {
			return Optional.empty();
		}
		return Optional.of(address);
	}

}
