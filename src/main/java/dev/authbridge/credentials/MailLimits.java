package dev.authbridge.credentials;

import java.time.Duration;

/**
 * How many mails a window allows, counted like sign-in attempts ({@link AttemptLimits}):
 * no address gets flooded and no client sends without end, through one instance or many.
 *
 * @param perAddress {@code AUTH_EMAIL_SENDS_PER_ADDRESS}: mails to one address
 * @param perClient {@code AUTH_EMAIL_SENDS_PER_CLIENT}: mails one client address asks for
 * @param window {@code AUTH_EMAIL_SEND_WINDOW}: how long sends count
 */
public record MailLimits(int perAddress, int perClient, Duration window) {

}
