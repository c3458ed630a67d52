package dev.authbridge.credentials;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a sign-up was refused: the machine reason of {@code ?error=Signup&reason=…} and the sentence the sign-in page
 * shows beside the form.
 */
public enum SignupProblem {

	email_invalid(400, "Enter a valid e-mail address."),
	password_too_short(400, "Choose a password of at least " + PasswordPolicy.MIN_LENGTH + " characters."),
	password_too_long(400, "Choose a password of at most " + PasswordPolicy.MAX_BYTES + " bytes."),
	password_common(400, "That password is among the most common ones. Choose another."),
	name_too_long(400, "Keep the name under " + CredentialsLogin.MAX_NAME_LENGTH + " characters."),
	email_taken(409, "An account with that e-mail address exists already. Sign in instead."),
	too_many_signups(429, "Too many accounts were created from your network. Wait a while, then try again.");

	private final int status;

	private final String message;

	SignupProblem(int status, String message) {
		this.status = status;
		this.message = message;
	}

	/** The problem named {@code reason}, if it is one. */
	public static Optional<SignupProblem> of(String reason) {
		return Arrays.stream(values()).filter(problem -> problem.name().equals(reason)).findFirst();
	}

	public int status() {
		return this.status;
	}

	public String message() {
		return this.message;
	}

}
