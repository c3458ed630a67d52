package dev.authbridge.config;

import dev.authbridge.redact.Redacted;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * The features {@code DATABASE_URL} turns on, bound from the environment.
 *
 * @param credentials {@code AUTH_CREDENTIALS}: e-mail + password sign-up and sign-in (on
 * by default with a database)
 * @param adminSecret {@code AUTH_ADMIN_SECRET}: the bearer token of the admin API; empty
 * turns it off
 * @param attempts the limits on failed credential sign-ins
 * @param signups the limit on sign-ups
 * @param passwordHashQueue {@code AUTH_PASSWORD_HASH_QUEUE}: password hashes that may
 * wait for a thread
 * @param revocationPollInterval {@code AUTH_REVOCATION_POLL_INTERVAL}: how often each
 * instance polls the session epochs, the safety net under PostgreSQL's notifications
 */
@ConfigurationProperties("auth.accounts")
public record AccountProperties(@DefaultValue("true") boolean credentials, String adminSecret,
		@DefaultValue Attempts attempts, @DefaultValue Signups signups, @DefaultValue("32") int passwordHashQueue,
		@DefaultValue("2s") @DurationUnit(ChronoUnit.SECONDS) Duration revocationPollInterval) {

	@Override
	public String toString() {
		return Redacted.toString(this, "adminSecret");
	}

	/**
	 * @param perEmail {@code AUTH_SIGNIN_ATTEMPTS_PER_EMAIL}
	 * @param perAddress {@code AUTH_SIGNIN_ATTEMPTS_PER_ADDRESS}
	 * @param window {@code AUTH_SIGNIN_ATTEMPT_WINDOW}
	 */
	public record Attempts(@DefaultValue("5") int perEmail, @DefaultValue("20") int perAddress,
			@DefaultValue("15m") @DurationUnit(ChronoUnit.SECONDS) Duration window) {
	}

	/**
	 * @param perAddress {@code AUTH_SIGNUPS_PER_ADDRESS}
	 * @param window {@code AUTH_SIGNUP_WINDOW}
	 */
	public record Signups(@DefaultValue("10") int perAddress,
			@DefaultValue("1h") @DurationUnit(ChronoUnit.SECONDS) Duration window) {
	}

}
