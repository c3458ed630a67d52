package dev.authbridge.credentials;

import dev.authbridge.db.Account;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.DatabaseUnavailableException;
import dev.authbridge.db.TokenOwner;
import dev.authbridge.mail.Mail;
import dev.authbridge.session.SignOutEverywhere;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Password reset by mail (DESIGN §11). {@link #request} mails a link to the address
 * whether or not it has an account: with one, a single-use link to the reset form;
 * without, a note saying so. Both cost the same work and fail the same way, so neither
 * the answer nor its timing nor a mail server outage tells anyone whether an address has
 * an account. Past a send limit nothing is sent and the answer stays the same. The link's
 * token ({@link MailedTokens}) lasts {@code AUTH_PASSWORD_RESET_MAX_AGE}; {@link #reset}
 * uses it up, sets the new password, marks the address proved (the link reached it) and
 * ends every session of the user, in one transaction.
 */
public final class PasswordReset {

	/** The purpose its tokens are stored under. */
	static final String PURPOSE = "password-reset";

	static final String SUBJECT = "Reset your password";

	private final AccountStore accounts;

	private final MailedTokens mailed;

	private final AttemptStore attempts;

	private final PasswordHasher hasher;

	private final SignOutEverywhere everywhere;

	private final AttemptKeys keys;

	private final Duration maxAge;

	public PasswordReset(AccountStore accounts, MailedTokens mailed, AttemptStore attempts, PasswordHasher hasher,
			SignOutEverywhere everywhere, byte[] attemptKey, Duration maxAge) {
		this.accounts = accounts;
		this.mailed = mailed;
		this.attempts = attempts;
		this.hasher = hasher;
		this.everywhere = everywhere;
		this.keys = new AttemptKeys(attemptKey);
		this.maxAge = maxAge;
	}

	/**
	 * Mails {@code email} a reset link to {@code formUrl} (or, without an account, a note
	 * saying there is none); {@code client} is the caller's address as rate limits key
	 * it. Completes empty, or fails with {@link SignInFailure}: {@code email_unavailable}
	 * (whether or not the address has an account) or {@code database_unavailable}.
	 */
	public Mono<Void> request(String email, String client, String formUrl) {
		Optional<String> address = EmailAddress.normalise(email);
		if (address.isEmpty()) {
			return Mono.empty();
		}
		return this.mailed.allowed(address.get(), client, "Password reset")
			.filter(allowed -> allowed)
			.flatMap(allowed -> this.accounts.find(address.get())
				.map(account -> sendLink(account, formUrl))
				.defaultIfEmpty(Mono.defer(() -> this.mailed.send(noAccount(address.get(), formUrl))))
				.flatMap(send -> send))
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Whether {@code token} would reset a password now: for the form, which is not worth
	 * showing for a dead link.
	 */
	public Mono<Boolean> usable(String token) {
		return this.mailed.usable(PURPOSE, token)
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Sets {@code password} on the account {@code token} was mailed for, uses the token
	 * up and ends every session of the user. Fails with {@link SignInFailure}:
	 * {@code token_invalid} (unknown, used or expired), a password policy reason (the
	 * token stays usable), {@code busy} or {@code database_unavailable}.
	 */
	public Mono<Void> reset(String token, String password) {
		Optional<Reason> problem = PasswordPolicy.check(password);
		return this.mailed.usable(PURPOSE, token)
			.flatMap(usable -> !usable ? Mono.<String>error(tokenInvalid())
					: problem.isPresent() ? Mono.error(new SignInFailure(problem.get())) : this.hasher.hash(password))
			.flatMap(passwordHash -> this.mailed.redeem(PURPOSE, token,
					owner -> this.accounts.setPassword(owner.account(), passwordHash)
						// the link came to the address: that proves it as a verification
						// link would
						.flatMap(account -> this.accounts.markVerified(account.id()))
						.flatMap(account -> this.everywhere.signOut(CredentialsLogin.PROVIDER + "|" + account.id())
							.thenReturn(account))))
			.switchIfEmpty(Mono.error(PasswordReset::tokenInvalid))
			// the new password is not a guess: the failed sign-ins that may have led here
			// no longer lock the account
			.flatMap(account -> this.attempts.clear(this.keys.of("email", account.email())))
			.onErrorMap(HasherBusyException.class, CredentialsLogin::busy)
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	private Mono<Void> sendLink(Account account, String formUrl) {
		return this.mailed.send(PURPOSE, TokenOwner.account(account.id()), this.maxAge, token -> new Mail(
				account.email(), SUBJECT,
				"Someone, hopefully you, asked to reset the password of your account at " + MailedTokens.site(formUrl)
						+ ".\n\nOpen this link within " + MailedTokens.readable(this.maxAge)
						+ " to choose a new one; it works once:\n\n" + formUrl + "?token=" + token
						+ "\n\nIf you did not ask for this, ignore this mail: your password stays as it is.\n"));
	}

	private static Mail noAccount(String address, String formUrl) {
		return new Mail(address, SUBJECT,
				"Someone, hopefully you, asked to reset the password of an account at " + MailedTokens.site(formUrl)
						+ " with this e-mail address, but there is no account with it.\n\n"
						+ "If you did not ask for this, ignore this mail.\n");
	}

	private static SignInFailure tokenInvalid() {
		return new SignInFailure(Reason.TOKEN_INVALID);
	}

}
