package dev.authbridge.credentials;

import dev.authbridge.user.SignInFailure.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * NIST SP 800-63B §5.1.1.2, as far as a sign-up form can check it: at least 8 characters,
 * not among the ~18,000 most common passwords of that length (compared
 * case-insensitively), and no composition rules. At most 72 bytes, the most bcrypt reads:
 * a longer password would be accepted by only its first 72 bytes.
 */
public final class PasswordPolicy {

	public static final int MIN_LENGTH = 8;

	public static final int MAX_BYTES = 72;

	private static final Set<String> COMMON = load("/credentials/common-passwords.txt");

	private PasswordPolicy() {
	}

	/** What is wrong with {@code password}, or empty when it may be used. */
	public static Optional<Reason> check(String password) {
		if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
			return Optional.of(Reason.PASSWORD_TOO_SHORT);
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			return Optional.of(Reason.PASSWORD_TOO_LONG);
		}
		if (COMMON.contains(password.toLowerCase(Locale.ROOT))) {
			return Optional.of(Reason.PASSWORD_COMMON);
		}
		return Optional.empty();
	}

	private static Set<String> load(String resource) {
		try (InputStream in = PasswordPolicy.class.getResourceAsStream(resource);
				BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			return lines.lines().filter(line -> !line.startsWith("#")).collect(Collectors.toUnmodifiableSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
