package dev.authbridge.credentials;

import java.time.Duration;

/**
 * How many attempts a window allows before further attempts wait for its end.
 *
 * @param perEmail {@code AUTH_SIGNIN_ATTEMPTS_PER_EMAIL}: failed sign-ins per e-mail
 * address (guessing one password)
 * @param perAddress {@code AUTH_SIGNIN_ATTEMPTS_PER_ADDRESS}: failed sign-ins per client
 * address (trying many accounts)
 * @param window {@code AUTH_SIGNIN_ATTEMPT_WINDOW}: how long sign-in attempts count
 * @param signUpsPerAddress {@code AUTH_SIGNUPS_PER_ADDRESS}: sign-ups per client address,
 * successful or not (each costs a password hash, and a refused one tells whether an
 * address has an account)
 * @param signUpWindow {@code AUTH_SIGNUP_WINDOW}: how long sign-ups count
 */
public record AttemptLimits(int perEmail, int perAddress, Duration window, int signUpsPerAddress,
		Duration signUpWindow) {

	/**
	 * The longest window any attempt counts in: ended windows of every kind are deleted
	 * after it.
	 */
	public Duration longestWindow() {
		return this.window.compareTo(this.signUpWindow) >= 0 ? this.window : this.signUpWindow;
	}

}
