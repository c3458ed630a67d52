package dev.authbridge.credentials;

import dev.authbridge.db.Account;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.AttemptStore.Limit;
import dev.authbridge.db.DatabaseUnavailableException;
import dev.authbridge.db.EmailTokenStore;
import dev.authbridge.mail.Mail;
import dev.authbridge.mail.MailSender;
import dev.authbridge.mail.MailUnavailableException;
import dev.authbridge.session.SignOutEverywhere;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Password reset by mail (DESIGN §11). {@link #request} mails a link to the address
 * whether or not it has an account: with one, a single-use link to the reset form;
 * without, a note saying so. Both cost the same work and fail the same way, so neither
 * the answer nor its timing nor a mail server outage tells anyone whether an address has
 * an account. Sends are counted per address and per client first ({@link MailLimits});
 * past a limit nothing is sent and the answer stays the same. The token is 32 random
 * bytes, kept only as its SHA-256, stored before its mail goes and withdrawn when the
 * mail could not be sent, so no usable token outlives a failed send (the token itself
 * only ever left in that mail). {@link #reset} uses the token up, sets the new password
 * and ends every session of the user, in one transaction.
 */
public final class PasswordReset {

	private static final Log logger = LogFactory.getLog(PasswordReset.class);

	/** The purpose its tokens are stored under. */
	static final String PURPOSE = "password-reset";

	/**
	 * How long a client waits when the mail server failed: it may be back in a minute.
	 */
	static final Duration MAIL_RETRY_AFTER = Duration.ofSeconds(60);

	static final String SUBJECT = "Reset your password";

	private static final int TOKEN_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final AccountStore accounts;

	private final EmailTokenStore tokens;

	private final AttemptStore attempts;

	private final MailLimits limits;

	private final MailSender mail;

	private final PasswordHasher hasher;

	private final SignOutEverywhere everywhere;

	private final AttemptKeys keys;

	private final Duration maxAge;

	public PasswordReset(AccountStore accounts, EmailTokenStore tokens, AttemptStore attempts, MailLimits limits,
			MailSender mail, PasswordHasher hasher, SignOutEverywhere everywhere, byte[] attemptKey, Duration maxAge) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.attempts = attempts;
		this.limits = limits;
		this.mail = mail;
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
		String addressKey = this.keys.of("mail-to", address.get());
		List<Limit> limits = List.of(new Limit(addressKey, this.limits.perAddress()),
				new Limit(this.keys.of("mail-from", client), this.limits.perClient()));
		return this.attempts.reserve(this.limits.window(), limits).flatMap(wait -> {
			if (wait > 0) {
				// the key's first characters tell repeated refusals for one address
				// apart,
				// without the address
				logger.info("Password reset mail not sent: send limit reached (" + addressKey.substring(0, 16)
						+ "…), next possible in " + wait + " s");
				return Mono.empty();
			}
			return this.accounts.find(address.get())
				.map(account -> sendLink(account, formUrl))
				.defaultIfEmpty(Mono.defer(() -> this.mail.send(noAccount(address.get(), formUrl))))
				.flatMap(send -> send);
		})
			.then()
			.onErrorMap(MailUnavailableException.class,
					ex -> new SignInFailure(Reason.EMAIL_UNAVAILABLE, MAIL_RETRY_AFTER))
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Whether {@code token} would reset a password now: for the form, which is not worth
	 * showing for a dead link.
	 */
	public Mono<Boolean> usable(String token) {
		return hash(token).map(hash -> this.tokens.usable(hash, PURPOSE))
			.orElse(Mono.just(false))
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Sets {@code password} on the account {@code token} was mailed for, uses the token
	 * up and ends every session of the user. Fails with {@link SignInFailure}:
	 * {@code token_invalid} (unknown, used or expired), a password policy reason (the
	 * token stays usable), {@code busy} or {@code database_unavailable}.
	 */
	public Mono<Void> reset(String token, String password) {
		Optional<byte[]> hash = hash(token);
		if (hash.isEmpty()) {
			return Mono.error(tokenInvalid());
		}
		Optional<Reason> problem = PasswordPolicy.check(password);
		return this.tokens.usable(hash.get(), PURPOSE)
			.flatMap(usable -> !usable ? Mono.<String>error(tokenInvalid())
					: problem.isPresent() ? Mono.error(new SignInFailure(problem.get())) : this.hasher.hash(password))
			.flatMap(passwordHash -> this.tokens.redeem(hash.get(), PURPOSE,
					id -> this.accounts.setPassword(id, passwordHash)
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
		byte[] token = new byte[TOKEN_BYTES];
		this.random.nextBytes(token);
		byte[] hash = sha256(token);
		String link = formUrl + "?token=" + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
		Mail message = new Mail(account.email(), SUBJECT,
				"Someone, hopefully you, asked to reset the password of your account at " + site(formUrl)
						+ ".\n\nOpen this link within " + this.maxAge.toMinutes()
						+ " minutes to choose a new one; it works once:\n\n" + link
						+ "\n\nIf you did not ask for this, ignore this mail: your password stays as it is.\n");
		return this.tokens.issue(hash, PURPOSE, account.id(), this.maxAge)
			.then(this.mail.send(message)
				.onErrorResume(MailUnavailableException.class,
						ex -> this.tokens.withdraw(hash).onErrorResume(failure -> Mono.empty()).then(Mono.error(ex))));
	}

	private static Mail noAccount(String address, String formUrl) {
		return new Mail(address, SUBJECT,
				"Someone, hopefully you, asked to reset the password of an account at " + site(formUrl)
						+ " with this e-mail address, but there is no account with it.\n\n"
						+ "If you did not ask for this, ignore this mail.\n");
	}

	/** The site's host, as a person reads it: the mail's only URL is its link. */
	private static String site(String formUrl) {
		return URI.create(formUrl).getRawAuthority();
	}

	/** The stored hash of a token as mailed, or empty when it is not one. */
	private static Optional<byte[]> hash(String token) {
		if (token == null || token.length() != 43) {
			return Optional.empty();
		}
		try {
			return Optional.of(sha256(Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII))));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

	private static SignInFailure tokenInvalid() {
		return new SignInFailure(Reason.TOKEN_INVALID);
	}

}
