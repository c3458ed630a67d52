package dev.authbridge.web;

import java.util.Arrays;
import org.springframework.http.HttpStatus;

/**
 * NextAuth v4's error codes (the {@code ?error=} of {@code /api/auth/error} and
 * {@code /api/auth/signin}), with the status and the words a person sees for each.
 * Unknown codes read as {@link #Default}.
 */
public enum AuthError {

	Configuration(HttpStatus.INTERNAL_SERVER_ERROR, "Server error",
			"The sign-in service is not configured correctly. The operator will find the cause in its log."),
	AccessDenied(HttpStatus.FORBIDDEN, "Access denied", "You do not have permission to sign in."),
	Verification(HttpStatus.FORBIDDEN, "Unable to sign in",
			"The sign-in link is no longer valid. It may have been used already or it may have expired."),
	OAuthSignin(HttpStatus.OK, "Unable to sign in",
			"Sign-in with this provider could not be started. Try again, or try another provider."),
	OAuthCallback(HttpStatus.OK, "Unable to sign in",
			"The provider's answer could not be accepted. Try signing in again."),
	OAuthCreateAccount(HttpStatus.OK, "Unable to sign in", "Your account could not be created. Try another provider."),
	EmailCreateAccount(HttpStatus.OK, "Unable to sign in",
			"Your account could not be created. Try another way to sign in."),
	Callback(HttpStatus.OK, "Unable to sign in", "Signing you in could not be completed. Try again in a moment."),
	OAuthAccountNotLinked(HttpStatus.OK, "Unable to sign in",
			"To confirm your identity, sign in with the same account you used originally."),
	EmailSignin(HttpStatus.OK, "Unable to sign in", "The sign-in e-mail could not be sent."),
	CredentialsSignin(HttpStatus.OK, "Unable to sign in",
			"Sign-in failed. Check that the e-mail address and password are correct."),
	SessionRequired(HttpStatus.OK, "Sign-in required", "Please sign in to see this page."),
	Default(HttpStatus.OK, "Unable to sign in", "Something went wrong while signing you in. Try again.");

	private final HttpStatus status;

	private final String title;

	private final String message;

	AuthError(HttpStatus status, String title, String message) {
		this.status = status;
		this.title = title;
		this.message = message;
	}

	/** The code named {@code code}, or {@link #Default}. */
	public static AuthError of(String code) {
		return Arrays.stream(values()).filter(error -> error.name().equals(code)).findFirst().orElse(Default);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	public String message() {
		return this.message;
	}

}
