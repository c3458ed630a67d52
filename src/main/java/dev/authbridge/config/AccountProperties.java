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
 * @param email the mail server and what sends mail (password reset)
 */
@ConfigurationProperties("auth.accounts")
public record AccountProperties(@DefaultValue("true") boolean credentials, String adminSecret,
		@DefaultValue Attempts attempts, @DefaultValue Signups signups, @DefaultValue("32") int passwordHashQueue,
		@DefaultValue("2s") @DurationUnit(ChronoUnit.SECONDS) Duration revocationPollInterval,
		@DefaultValue Email email) {

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

	/**
	 * @param server {@code AUTH_EMAIL_SERVER}: {@code smtp://user:pass@host:587} or
	 * {@code smtps://user:pass@host:465}; empty: mail goes to the development outbox in a
	 * development run, and password reset is off otherwise
	 * @param from {@code AUTH_EMAIL_FROM}: the sender, e.g.
	 * {@code AuthBridge <no-reply@example.com>}
	 * @param timeout {@code AUTH_EMAIL_TIMEOUT}: the longest wait to connect, read or
	 * write
	 * @param retries {@code AUTH_EMAIL_RETRIES}: retries of a send that failed for a
	 * reason that may pass
	 * @param tlsCa {@code AUTH_EMAIL_TLS_CA}: a PEM file of the certificates to trust for
	 * the server's TLS instead of the JVM's own
	 * @param sendsPerAddress {@code AUTH_EMAIL_SENDS_PER_ADDRESS}
	 * @param sendsPerClient {@code AUTH_EMAIL_SENDS_PER_CLIENT}
	 * @param sendWindow {@code AUTH_EMAIL_SEND_WINDOW}
	 * @param resetMaxAge {@code AUTH_PASSWORD_RESET_MAX_AGE}: how long a reset link works
	 * @param linkMaxAge {@code AUTH_EMAIL_LINK_MAX_AGE}: how long a sign-in link works
	 * (NextAuth's email provider {@code maxAge})
	 * @param verification {@code AUTH_EMAIL_VERIFICATION}: {@code off}, {@code optional}
	 * or {@code required}
	 * @param verificationMaxAge {@code AUTH_EMAIL_VERIFICATION_MAX_AGE}: how long a
	 * verification link works
	 */
	public record Email(String server, String from,
			@DefaultValue("10s") @DurationUnit(ChronoUnit.SECONDS) Duration timeout, @DefaultValue("2") int retries,
			String tlsCa, @DefaultValue("3") int sendsPerAddress, @DefaultValue("10") int sendsPerClient,
			@DefaultValue("1h") @DurationUnit(ChronoUnit.SECONDS) Duration sendWindow,
			@DefaultValue("30m") @DurationUnit(ChronoUnit.SECONDS) Duration resetMaxAge,
			@DefaultValue("24h") @DurationUnit(ChronoUnit.SECONDS) Duration linkMaxAge,
			@DefaultValue("off") String verification,
			@DefaultValue("24h") @DurationUnit(ChronoUnit.SECONDS) Duration verificationMaxAge) {

		@Override
		public String toString() {
			return Redacted.toString(this, "server");
		}

	}

}
