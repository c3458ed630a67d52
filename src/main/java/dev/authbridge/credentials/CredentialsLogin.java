package dev.authbridge.credentials;

import dev.authbridge.db.Account;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.AttemptStore.Limit;
import dev.authbridge.db.DatabaseUnavailableException;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SignedSession;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.user.UserDirectory;
import dev.authbridge.user.UserProfile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Sign-up and sign-in with an e-mail address and a password. Both end as every other
 * sign-in does: the shadow user {@code credentials|<account id>} upserted in Hasura (the
 * {@link UserDirectory}), then a session. Failures are {@link SignInFailure}s:
 * {@code wrong_credentials} (the same whether or not the address has an account, in
 * answer and in time), {@code too_many_attempts} past the attempt limits, the sign-up
 * problems ({@code email_taken}, …, {@code too_many_signups}), {@code email_not_verified}
 * for a right password while {@code AUTH_EMAIL_VERIFICATION=required} waits for the
 * address, {@code busy} while password hashing is at capacity and
 * {@code database_unavailable}, the waits with how long a client should wait. The web
 * layer decides what a client sees of each.
 */
public final class CredentialsLogin {

	/** The provider id: the URL segment, the shadow-user id prefix. */
	public static final String PROVIDER = "credentials";

	public static final int MAX_NAME_LENGTH = 100;

	/**
	 * How long a client waits when hashing is at capacity: a full queue drains in about a
	 * second on two cores.
	 */
	static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(2);

	/** PostgreSQL away: reconnecting takes a few seconds at least. */
	static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

	private final AccountStore accounts;

	private final AttemptStore attempts;

	private final AttemptLimits limits;

	private final PasswordHasher hasher;

	private final UserDirectory users;

	private final SessionIssuer sessions;

	private final AttemptKeys attemptKeys;

	private final SignUps signUps;

	private final VerificationMode verification;

	public CredentialsLogin(AccountStore accounts, AttemptStore attempts, AttemptLimits limits, PasswordHasher hasher,
			UserDirectory users, SessionIssuer sessions, byte[] attemptKey, VerificationMode verification) {
		this.accounts = accounts;
		this.attempts = attempts;
		this.limits = limits;
		this.hasher = hasher;
		this.users = users;
		this.sessions = sessions;
		this.attemptKeys = new AttemptKeys(attemptKey);
		this.signUps = new SignUps(attempts, limits, hasher, this.attemptKeys);
		this.verification = verification;
	}

	/** The checks, count and hash before any sign-up, for {@link EmailVerification}. */
	SignUps signUps() {
		return this.signUps;
	}

	/**
	 * Creates the account and signs it in; nothing is kept when any step fails.
	 * {@code client} is the caller's address as rate limits key it; its sign-ups are
	 * counted before the password is hashed.
	 */
	public Mono<SignedSession> signUp(String email, String password, String name, String client) {
		return this.signUps.prepare(email, password, name, client)
			.flatMap(account -> this.accounts.create(account.address(), account.name(), account.passwordHash(),
					created -> this.users.signIn(profile(created)).flatMap(this.sessions::issue)))
			.switchIfEmpty(Mono.error(() -> new SignInFailure(Reason.EMAIL_TAKEN)))
			.onErrorMap(HasherBusyException.class, CredentialsLogin::busy)
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Signs in the account of {@code email} when {@code password} is its password;
	 * {@code client} is the caller's address as rate limits key it. The attempt is
	 * counted against both before the password is checked, in one statement, so that no
	 * burst gets more guesses than the limits allow; a right password clears the e-mail's
	 * count and gives the client's attempt back, so that only failures use up a shared
	 * address's allowance.
	 */
	public Mono<SignedSession> signIn(String email, String password, String client) {
		Optional<String> address = EmailAddress.normalise(email);
		if (address.isEmpty() || password == null || password.isEmpty()) {
			return Mono.error(wrongCredentials());
		}
		String emailKey = key("email", address.get());
		String clientKey = key("address", client);
		List<Limit> limits = List.of(new Limit(emailKey, this.limits.perEmail()),
				new Limit(clientKey, this.limits.perAddress()));
		return this.attempts.reserve(this.limits.window(), limits)
			.flatMap(
					wait -> wait > 0 ? Mono.error(new SignInFailure(Reason.TOO_MANY_ATTEMPTS, Duration.ofSeconds(wait)))
							: this.accounts.find(address.get()).map(Optional::of).defaultIfEmpty(Optional.empty()))
			.flatMap(account -> this.hasher.matches(password, account.map(Account::passwordHash).orElse(null))
				.flatMap(matches -> matches ? this.attempts.clear(emailKey)
					.then(this.attempts.giveBack(clientKey, this.limits.window()))
					.then(proved(account.get())) : Mono.error(wrongCredentials())))
			.flatMap(account -> this.users.signIn(profile(account)))
			.flatMap(this.sessions::issue)
			.onErrorMap(HasherBusyException.class, CredentialsLogin::busy)
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * The account, once the password proved it is the caller's; refused with
	 * {@code email_not_verified} while {@code AUTH_EMAIL_VERIFICATION=required} waits for
	 * its address to be proved. Only a right password learns this, so it tells nobody
	 * else whether the address has an account.
	 */
	private Mono<Account> proved(Account account) {
		return this.verification == VerificationMode.REQUIRED && account.emailVerified() == null
				? Mono.error(new SignInFailure(Reason.EMAIL_NOT_VERIFIED)) : Mono.just(account);
	}

	/**
	 * Who signs in with {@code account}: the user of every way an account signs in
	 * (password, verification link, sign-in link), {@code emailVerified} included.
	 */
	public static UserProfile profile(Account account) {
		return new UserProfile(PROVIDER, account.id().toString(), account.name(), account.email(), null,
				account.emailVerified());
	}

	private String key(String kind, String value) {
		return this.attemptKeys.of(kind, value);
	}

	private static SignInFailure wrongCredentials() {
		return new SignInFailure(Reason.WRONG_CREDENTIALS);
	}

	/** A moment later the same request is likely to get through. */
	static SignInFailure busy(HasherBusyException ex) {
		return new SignInFailure(Reason.BUSY, BUSY_RETRY_AFTER);
	}

	static SignInFailure unavailable(DatabaseUnavailableException ex) {
		return new SignInFailure(Reason.DATABASE_UNAVAILABLE, UNAVAILABLE_RETRY_AFTER);
	}

}
