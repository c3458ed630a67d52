package dev.authbridge.credentials;

import dev.authbridge.db.Account;
import dev.authbridge.db.AccountStore;
import dev.authbridge.db.DatabaseUnavailableException;
import dev.authbridge.db.TokenOwner;
import dev.authbridge.mail.Mail;
import dev.authbridge.session.SessionIssuer;
import dev.authbridge.session.SignOutEverywhere;
import dev.authbridge.session.SignedSession;
import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.ErrorCode;
import dev.authbridge.user.SignInFailure.Reason;
import dev.authbridge.user.UserDirectory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Sign-in links by mail, NextAuth's email provider (DESIGN §11). {@link #request} mails
 * the address a single-use link ({@link MailedTokens}, {@code AUTH_EMAIL_LINK_MAX_AGE}):
 * for its account, or for the bare address when it has none yet, with the same mail, the
 * same work and the same failures either way; past a send limit nothing is sent and the
 * caller answers as if it were. {@link #signIn} uses the link up and signs in the account
 * of the address, made on first use without a password, as the password sign-in does: the
 * same shadow user {@code credentials|<account id>}, the same session.
 *
 * <p>
 * Following a link proves the address. An account whose address was never proved may have
 * been made by someone else who typed this address first (pre-account hijacking): its
 * password goes and its sessions end, so only the owner of the address keeps access.
 */
public final class EmailLinks {

	/** The provider id: the URL segment, as NextAuth's email provider's. */
	public static final String PROVIDER = "email";

	/** The purpose its tokens are stored under. */
	static final String PURPOSE = "sign-in-link";

	static final String SUBJECT = "Your sign-in link";

	private final AccountStore accounts;

	private final MailedTokens mailed;

	private final UserDirectory users;

	private final SessionIssuer sessions;

	private final SignOutEverywhere everywhere;

	private final Duration maxAge;

	public EmailLinks(AccountStore accounts, MailedTokens mailed, UserDirectory users, SessionIssuer sessions,
			SignOutEverywhere everywhere, Duration maxAge) {
		this.accounts = accounts;
		this.mailed = mailed;
		this.users = users;
		this.sessions = sessions;
		this.everywhere = everywhere;
		this.maxAge = maxAge;
	}

	/**
	 * Mails {@code email} a link to {@code callback} (the email provider's callback
	 * route) that signs in and goes on to {@code callbackUrl}, already checked;
	 * {@code client} is the caller's address as send limits key it. Completes empty, or
	 * fails with {@link SignInFailure}: {@code EmailSignin}/{@code email_invalid},
	 * {@code email_unavailable} or {@code database_unavailable}.
	 */
	public Mono<Void> request(String email, String client, String callback, String callbackUrl) {
		Optional<String> address = EmailAddress.normalise(email);
		if (address.isEmpty()) {
			return Mono.error(new SignInFailure(ErrorCode.EMAIL_SIGNIN, Reason.EMAIL_INVALID));
		}
		String to = address.get();
		return this.mailed.allowed(to, client, "Sign-in link")
			.filter(allowed -> allowed)
			.flatMap(allowed -> this.accounts.find(to)
				.map(account -> TokenOwner.account(account.id()))
				.defaultIfEmpty(TokenOwner.address(to)))
			.flatMap(owner -> this.mailed.send(PURPOSE, owner, this.maxAge,
					token -> mail(to,
							callback + "?callbackUrl=" + encode(callbackUrl) + "&token=" + token + "&email="
									+ encode(to))))
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Uses {@code token} up and signs in the account of {@code email}, which must be the
	 * address the link was mailed to (as NextAuth looks a token up by address and token).
	 * Nothing is kept when a step fails, and the link then still works. Fails with
	 * {@link SignInFailure}: {@code token_invalid} (unknown, used, expired or for another
	 * address), the Hasura reasons or {@code database_unavailable}.
	 */
	public Mono<SignedSession> signIn(String token, String email) {
		Optional<String> address = EmailAddress.normalise(email);
		if (address.isEmpty()) {
			return Mono.error(EmailLinks::tokenInvalid);
		}
		return this.mailed
			.redeem(PURPOSE, token,
					owner -> this.accounts.claim(address.get())
						.filter(account -> owner.account() != null ? owner.account().equals(account.id())
								: address.get().equals(owner.email()))
						// undoes the redemption, and an account the claim may have made
						.switchIfEmpty(Mono.error(EmailLinks::tokenInvalid))
						.flatMap(this::prove))
			.switchIfEmpty(Mono.error(EmailLinks::tokenInvalid))
			.onErrorMap(DatabaseUnavailableException.class, CredentialsLogin::unavailable);
	}

	/**
	 * Records that the owner of {@code account}'s address followed its link, dropping a
	 * password nobody proved the address for and ending that password's sessions, then
	 * signs the account in.
	 */
	private Mono<SignedSession> prove(Account account) {
		String userId = CredentialsLogin.PROVIDER + "|" + account.id();
		return this.accounts.dropUnprovedPassword(account.id())
			.flatMap(dropped -> this.accounts.markVerified(account.id())
				.flatMap(proved -> this.users.signIn(CredentialsLogin.profile(proved)))
				// after the upsert, so that a Hasura outage ends nobody's sessions
				.flatMap(user -> dropped ? this.everywhere.signOut(userId).thenReturn(user) : Mono.just(user)))
			.flatMap(this.sessions::issue);
	}

	private Mail mail(String to, String link) {
		return new Mail(to, SUBJECT, "Someone, hopefully you, asked to sign in to " + MailedTokens.site(link)
				+ " with this address.\n\n" + "Open this link within " + MailedTokens.readable(this.maxAge)
				+ " to sign in; it works once:\n\n" + link + "\n\nIf you did not ask for this, ignore this mail.\n");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static SignInFailure tokenInvalid() {
		return new SignInFailure(Reason.TOKEN_INVALID);
	}

}
