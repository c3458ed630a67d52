package dev.authbridge.credentials;

import java.time.Duration;

/**
 * How many failed sign-ins a window allows before further attempts wait for its end.
 *
 * @param perEmail {@code AUTH_SIGNIN_ATTEMPTS_PER_EMAIL}: failures per e-mail address (guessing one password)
 * @param perAddress {@code AUTH_SIGNIN_ATTEMPTS_PER_ADDRESS}: failures per client address (trying many accounts)
 * @param window {@code AUTH_SIGNIN_ATTEMPT_WINDOW}: how long failures count
 */
public record AttemptLimits(int perEmail, int perAddress, Duration window) {
}
