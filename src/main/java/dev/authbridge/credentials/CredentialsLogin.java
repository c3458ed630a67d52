package dev.authbridge.credentials;

import dev.authbridge.db.Account;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.AttemptStore.Limit;
import dev.authbridge.db.DatabaseUnavailableException;
import dev.authbridge.login.LoginException;
import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SignedSession;
import dev.authbridge.user.UserDirectory;
import dev.authbridge.user.UserProfile;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Mono;

/**
 * Sign-up and sign-in with an e-mail address and a password. Both end as every other sign-in does: the shadow user
 * {@code credentials|<account id>} upserted in Hasura (the {@link UserDirectory}), then a session. Failures are
 * {@link LoginException}s carrying NextAuth's code, a reason, and the status a {@code json=true} client gets:
 * {@code CredentialsSignin} 401 for wrong credentials (the same whether or not the address has an account, in answer
 * and in time), 429 with {@code Retry-After} past the attempt limits, {@code Signup} 400/409 (429 past the sign-up
 * limit), 503 with {@code Retry-After} while password hashing is at capacity ({@code busy}) and while PostgreSQL is
 * unavailable. Browsers go back to the sign-in page, where the form is, with the code and reason.
 */
public final class CredentialsLogin {

	/** The provider id: the URL segment, the shadow-user id prefix. */
	public static final String PROVIDER = "credentials";

	static final int MAX_NAME_LENGTH = 100;

	/** Seconds a client waits when hashing is at capacity: a full queue drains in about a second on two cores. */
	static final long BUSY_RETRY_AFTER = 2;

	private final AccountStore accounts;

	private final AttemptStore attempts;

	private final AttemptLimits limits;

	private final PasswordHasher hasher;

	private final UserDirectory users;

	private final SessionIssuer sessions;

	private final SecretKeySpec attemptKey;

	public CredentialsLogin(AccountStore accounts, AttemptStore attempts, AttemptLimits limits, PasswordHasher hasher,
			UserDirectory users, SessionIssuer sessions, byte[] attemptKey) {
		this.accounts = accounts;
		this.attempts = attempts;
		this.limits = limits;
		this.hasher = hasher;
		this.users = users;
		this.sessions = sessions;
		this.attemptKey = new SecretKeySpec(attemptKey, "HmacSHA256");
	}

	/**
	 * Creates the account and signs it in; nothing is kept when any step fails. {@code client} is the caller's address
	 * as rate limits key it; its sign-ups are counted before the password is hashed.
	 */
	public Mono<SignedSession> signUp(String email, String password, String name, String client) {
		Optional<String> address = EmailAddress.normalise(email);
		String displayName = name == null || name.isBlank() ? null : name.strip();
		Optional<SignupProblem> problem = address.isEmpty() ? Optional.of(SignupProblem.email_invalid)
				: PasswordPolicy.check(password);
		if (problem.isEmpty() && displayName != null && displayName.length() > MAX_NAME_LENGTH) {
			problem = Optional.of(SignupProblem.name_too_long);
		}
		if (problem.isPresent()) {
			return Mono.error(signupFailure(problem.get(), 0));
		}
		Limit perClient = new Limit(key("signup", client), this.limits.signUpsPerAddress());
		return this.attempts.reserve(this.limits.signUpWindow(), List.of(perClient))
			.flatMap(wait -> wait > 0 ? Mono.error(signupFailure(SignupProblem.too_many_signups, wait))
					: this.hasher.hash(password))
			.flatMap(hash -> this.accounts.create(address.get(), displayName, hash,
					account -> this.users.signIn(profile(account)).flatMap(this.sessions::issue)))
			.switchIfEmpty(Mono.error(() -> signupFailure(SignupProblem.email_taken, 0)))
			.onErrorMap(HasherBusyException.class, CredentialsLogin::busy)
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Signs in the account of {@code email} when {@code password} is its password; {@code client} is the caller's
	 * address as rate limits key it. The attempt is counted against both before the password is checked, in one
	 * statement, so that no burst gets more guesses than the limits allow; a right password clears the e-mail's count
	 * and gives the client's attempt back, so that only failures use up a shared address's allowance.
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
			.flatMap(wait -> wait > 0 ? Mono.error(new LoginException("CredentialsSignin", "too_many_attempts", 429,
					wait, Page.SIGNIN)) : this.accounts.find(address.get()).map(Optional::of).defaultIfEmpty(Optional.empty()))
			.flatMap(account -> this.hasher.matches(password, account.map(Account::passwordHash).orElse(null))
				.flatMap(matches -> matches
						? this.attempts.clear(emailKey)
							.then(this.attempts.giveBack(clientKey, this.limits.window()))
							.then(this.users.signIn(profile(account.get())))
						: Mono.error(wrongCredentials())))
			.flatMap(this.sessions::issue)
			.onErrorMap(HasherBusyException.class, CredentialsLogin::busy)
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	private static UserProfile profile(Account account) {
		return new UserProfile(PROVIDER, account.id().toString(), account.name(), account.email(), null);
	}

	/** The attempt counter's key: an HMAC, so the table holds no address anyone typed. */
	private String key(String kind, String value) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.attemptKey);
			return kind + ":" + HexFormat.of().formatHex(mac.doFinal((kind + ":" + value).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	private static LoginException wrongCredentials() {
		return new LoginException("CredentialsSignin", "wrong_credentials", 401, 0, Page.SIGNIN);
	}

	private static LoginException signupFailure(SignupProblem problem, long retryAfter) {
		return new LoginException("Signup", problem.name(), problem.status(), retryAfter, Page.SIGNIN);
	}

	/** Back to the form: a moment later the same request is likely to get through. */
	private static LoginException busy(HasherBusyException ex) {
		return new LoginException("Callback", "busy", 503, BUSY_RETRY_AFTER, Page.SIGNIN);
	}

	private static LoginException unavailable(DatabaseUnavailableException ex) {
		return new LoginException("Callback", "database_unavailable", 503, 5, Page.ERROR);
	}

}
