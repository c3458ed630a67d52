package dev.authbridge.credentials;

import dev.authbridge.db.Account;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.DatabaseUnavailableException;
import dev.authbridge.db.TokenOwner;
import dev.authbridge.mail.Mail;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SignedSession;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.user.UserDirectory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Sign-up that proves the address ({@code AUTH_EMAIL_VERIFICATION} optional or required,
 * DESIGN §11). {@link #signUp} makes the account unverified and mails a single-use link
 * ({@link MailedTokens}, {@code AUTH_EMAIL_VERIFICATION_MAX_AGE}); for an address that
 * has an account it makes nothing and mails the owner a note instead. Both do the same
 * work before that (checks, count, password hash, the insert that finds the address
 * taken) and fail the same way, so neither the answer nor a mail server outage tells
 * whether an address has an account; past a send limit nothing is sent and the answer is
 * the same. {@link #verify} uses the link up, marks the address proved and signs in.
 * {@link #resend} mails a new link to an account that waits for one, and a note to any
 * other address, on the same terms.
 *
 * <p>
 * An account stays when its mail could not be sent (the mail server down): it is as
 * complete as any unverified one, and {@link #resend} or a password reset proves it.
 */
public final class EmailVerification {

	/** The purpose its tokens are stored under. */
	static final String PURPOSE = "email-verification";

	static final String SUBJECT = "Confirm your e-mail address";

	static final String TAKEN_SUBJECT = "Your account";

	private final CredentialsLogin login;

	private final AccountStore accounts;

	private final MailedTokens mailed;

	private final UserDirectory users;

	private final SessionIssuer sessions;

	private final Duration maxAge;

	public EmailVerification(CredentialsLogin login, AccountStore accounts, MailedTokens mailed, UserDirectory users,
			SessionIssuer sessions, Duration maxAge) {
		this.login = login;
		this.accounts = accounts;
		this.mailed = mailed;
		this.users = users;
		this.sessions = sessions;
		this.maxAge = maxAge;
	}

	/**
	 * Makes an unverified account and mails it the link, or mails the owner of a taken
	 * address a note; {@code client} is the caller's address as rate limits key it.
	 * Completes empty, or fails with {@link SignInFailure}: the sign-up problems,
	 * {@code email_unavailable} or {@code database_unavailable}, alike for both.
	 */
	public Mono<Void> signUp(String email, String password, String name, String client, Links links) {
		return this.login.signUps()
			.prepare(email, password, name, client)
			.flatMap(account -> this.accounts
				.create(account.address(), account.name(), account.passwordHash(), Mono::just)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap(created -> this.mailed.allowed(account.address(), client, "Verification")
					.filter(allowed -> allowed)
					.flatMap(allowed -> created.map(fresh -> sendLink(fresh, links))
						.orElseGet(() -> this.mailed.send(taken(account.address(), links))))))
			.onErrorMap(HasherBusyException.class, CredentialsLogin::busy)
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Mails a new link to {@code email} when its account waits for one, else a note that
	 * none does; the same answer either way, as {@link #signUp}'s.
	 */
	public Mono<Void> resend(String email, String client, Links links) {
		Optional<String> address = EmailAddress.normalise(email);
		if (address.isEmpty()) {
			return Mono.empty();
		}
		return this.mailed.allowed(address.get(), client, "Verification")
			.filter(allowed -> allowed)
			.flatMap(allowed -> this.accounts.find(address.get())
				.filter(account -> account.emailVerified() == null)
				.map(account -> sendLink(account, links))
				.defaultIfEmpty(Mono.defer(() -> this.mailed.send(nothingToConfirm(address.get(), links))))
				.flatMap(send -> send))
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Uses {@code token} up, marks its account's address proved and signs the account in.
	 * Fails with {@link SignInFailure}: {@code token_invalid} (unknown, used, expired; of
	 * two clicks at once, the second), {@code database_unavailable}, or what the sign-in
	 * fails with (Hasura away): then the address stays proved and the password signs in.
	 */
	public Mono<SignedSession> verify(String token) {
		return this.mailed
			.redeem(PURPOSE, token,
					owner -> owner.account() == null ? Mono.empty() : this.accounts.markVerified(owner.account()))
			.switchIfEmpty(Mono.error(() -> new SignInFailure(Reason.TOKEN_INVALID)))
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable)
			.flatMap(account -> this.users.signIn(CredentialsLogin.profile(account)))
			.flatMap(this.sessions::issue);
	}

	private Mono<Void> sendLink(Account account, Links links) {
		return this.mailed.send(PURPOSE, TokenOwner.account(account.id()), this.maxAge, token -> new Mail(
				account.email(), SUBJECT,
				"Someone, hopefully you, created an account at " + MailedTokens.site(links.verify())
						+ " with this e-mail address.\n\nOpen this link within " + MailedTokens.readable(this.maxAge)
						+ " to confirm it and sign in; it works once:\n\n" + links.verify() + "?token=" + token
						+ "&callbackUrl=" + URLEncoder.encode(links.callbackUrl(), StandardCharsets.UTF_8)
						+ "\n\nIf you did not create it, ignore this mail: the account stays unconfirmed.\n"));
	}

	/** To the owner of an address someone tried to sign up with again. */
	private static Mail taken(String address, Links links) {
		return new Mail(address, TAKEN_SUBJECT,
				"Someone tried to create an account at " + MailedTokens.site(links.signin())
						+ " with this e-mail address, which has one already.\n\n" + "If it was you, sign in:\n\n"
						+ links.signin() + "\n\nor, if you forgot your password, choose a new one:\n\n" + links.forgot()
						+ "\n\nIf it was not you, ignore this mail: nothing has changed.\n");
	}

	private static Mail nothingToConfirm(String address, Links links) {
		return new Mail(address, SUBJECT,
				"Someone, hopefully you, asked for a link to confirm this e-mail address at "
						+ MailedTokens.site(links.signin())
						+ ", but no account with it waits for one: it is confirmed already, or there is none.\n\n"
						+ "Sign in or create an account here:\n\n" + links.signin()
						+ "\n\nIf you did not ask for this, ignore this mail.\n");
	}

	/**
	 * Where the mails' links go.
	 *
	 * @param verify the verification link, without its query
	 * @param callbackUrl where the link sends the browser once signed in (checked)
	 * @param signin the sign-in page
	 * @param forgot the forgot-password page
	 */
	public record Links(String verify, String callbackUrl, String signin, String forgot) {
	}

}
