package dev.authbridge.credentials;

import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.AttemptStore.Limit;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * What every sign-up does before an account is made, whether it then signs in at once
 * ({@link CredentialsLogin}) or mails a verification link ({@link EmailVerification}):
 * the form checked, the sign-up counted against the client's limit, the password hashed.
 * Each of these answers the same whether or not the address has an account, so the two
 * ways differ only after it.
 */
final class SignUps {

	private final AttemptStore attempts;

	private final AttemptLimits limits;

	private final PasswordHasher hasher;

	private final AttemptKeys keys;

	SignUps(AttemptStore attempts, AttemptLimits limits, PasswordHasher hasher, AttemptKeys keys) {
		this.attempts = attempts;
		this.limits = limits;
		this.hasher = hasher;
		this.keys = keys;
	}

	/**
	 * The account to make, once checked, counted and hashed; fails with
	 * {@link SignInFailure}: a problem with the form, {@code too_many_signups}, or
	 * {@link HasherBusyException} while hashing is at capacity.
	 */
	Mono<NewAccount> prepare(String email, String password, String name, String client) {
		Optional<String> address = EmailAddress.normalise(email);
		String displayName = name == null || name.isBlank() ? null : name.strip();
		Optional<Reason> problem = address.isEmpty() ? Optional.of(Reason.EMAIL_INVALID)
				: PasswordPolicy.check(password);
		if (problem.isEmpty() && displayName != null && displayName.length() > CredentialsLogin.MAX_NAME_LENGTH) {
			problem = Optional.of(Reason.NAME_TOO_LONG);
		}
		if (problem.isPresent()) {
			return Mono.error(new SignInFailure(problem.get()));
		}
		Limit perClient = new Limit(this.keys.of("signup", client), this.limits.signUpsPerAddress());
		return this.attempts.reserve(this.limits.signUpWindow(), List.of(perClient))
			.flatMap(wait -> wait > 0 ? Mono.error(new SignInFailure(Reason.TOO_MANY_SIGNUPS, Duration.ofSeconds(wait)))
					: this.hasher.hash(password))
			.map(hash -> new NewAccount(address.get(), displayName, hash));
	}

	/**
	 * @param address the normalised e-mail address
	 * @param name the display name, or {@code null}
	 * @param passwordHash the encoded hash
	 */
	record NewAccount(String address, String name, String passwordHash) {

		@Override
		public String toString() {
			return "NewAccount";
		}

	}

}
