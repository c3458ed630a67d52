package dev.authbridge.config;

import dev.authbridge.credentials.AttemptLimits;
import dev.authbridge.db.DatabaseUrl;
import dev.authbridge.mail.SmtpServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code DATABASE_URL} turns on, after validation.
 *
 * @param database how to reach PostgreSQL
 * @param credentials whether e-mail + password sign-in is on
 * @param adminSecret the admin API's bearer token, or {@code null} when it is off
 * @param attempts the limits on credential sign-ins and sign-ups
 * @param passwordHashQueue how many password hashes may wait for a thread
 * @param revocationPollInterval how often the session epochs are polled
 * @param email the mail server and the limits on sending
 */
public record AccountSettings(DatabaseUrl database, boolean credentials, String adminSecret, AttemptLimits attempts,
		int passwordHashQueue, Duration revocationPollInterval, EmailSettings email) {

	@Override
	public String toString() {
		return "AccountSettings[" + this.database + ", credentials=" + this.credentials + ", admin API="
				+ (this.adminSecret != null) + ", "
				+ this.email.server().map(SmtpServer::toString).orElse("no mail server") + "]";
	}

	/**
	 * The settings, or empty without {@code DATABASE_URL}; each problem goes to
	 * {@code problems} as one line.
	 */
	static Optional<AccountSettings> decide(DatabaseProperties database, AccountProperties accounts,
			List<String> problems) {
		int before = problems.size();
		EmailSettings email = EmailSettings.decide(accounts.email(), DatabaseUrl.isSet(database.url()), problems);
		Optional<DatabaseUrl> url = DatabaseUrl.decide(database.url(), database.poolSize(), database.timeout(),
				problems);
		String adminSecret = accounts.adminSecret() == null || accounts.adminSecret().isBlank() ? null
				: accounts.adminSecret().strip();
		if (adminSecret != null && adminSecret.length() < BridgeSettings.MIN_SECRET_LENGTH) {
			problems.add("AUTH_ADMIN_SECRET is only " + adminSecret.length() + " characters: set it to at least "
					+ BridgeSettings.MIN_SECRET_LENGTH
					+ " random characters, or leave it empty to keep the admin API off");
		}
		if (adminSecret != null && !DatabaseUrl.isSet(database.url())) {
			problems.add("AUTH_ADMIN_SECRET is set but DATABASE_URL is not: the admin API keeps roles in PostgreSQL, "
					+ "so set DATABASE_URL too");
		}
		AccountProperties.Attempts attempts = accounts.attempts();
		if (attempts.perEmail() < 1) {
			problems.add("AUTH_SIGNIN_ATTEMPTS_PER_EMAIL must be at least 1");
		}
		if (attempts.perAddress() < 1) {
			problems.add("AUTH_SIGNIN_ATTEMPTS_PER_ADDRESS must be at least 1");
		}
		if (attempts.window() == null || attempts.window().toSeconds() < 1) {
			problems.add("AUTH_SIGNIN_ATTEMPT_WINDOW must be at least one second, e.g. 15m");
		}
		AccountProperties.Signups signups = accounts.signups();
		if (signups.perAddress() < 1) {
			problems.add("AUTH_SIGNUPS_PER_ADDRESS must be at least 1");
		}
		if (signups.window() == null || signups.window().toSeconds() < 1) {
			problems.add("AUTH_SIGNUP_WINDOW must be at least one second, e.g. 1h");
		}
		if (accounts.passwordHashQueue() < 0) {
			problems.add("AUTH_PASSWORD_HASH_QUEUE must be 0 or more, e.g. 32");
		}
		if (accounts.revocationPollInterval() == null || accounts.revocationPollInterval().toSeconds() < 1) {
			problems.add("AUTH_REVOCATION_POLL_INTERVAL must be at least one second, e.g. 2s");
		}
		if (problems.size() > before || url.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new AccountSettings(
				url.get(), accounts.credentials(), adminSecret, new AttemptLimits(attempts.perEmail(),
						attempts.perAddress(), attempts.window(), signups.perAddress(), signups.window()),
				accounts.passwordHashQueue(), accounts.revocationPollInterval(), email));
	}

}
