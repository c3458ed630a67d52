package dev.authbridge.credentials;

import dev.authbridge.db.AttemptStore;
import dev.authbridge.db.AttemptStore.Limit;
import dev.authbridge.db.EmailTokenStore;
import dev.authbridge.db.TokenOwner;
import dev.authbridge.mail.Mail;
import dev.authbridge.mail.MailSender;
import dev.authbridge.mail.MailUnavailableException;
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
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The single-use links every mail flow sends (password reset, address verification,
 * sign-in links), and the send limits all of them share. A token is 32 random bytes,
 * mailed once and kept only as its SHA-256 ({@link EmailTokenStore}); it is stored before
 * its mail goes and withdrawn when the mail could not be sent, so no usable token
 * outlives a failed send. Sends are counted per address and per client
 * ({@link MailLimits}) across every flow and instance, so no flow can be used to flood an
 * inbox.
 */
public final class MailedTokens {

	private static final Log logger = LogFactory.getLog(MailedTokens.class);

	/**
	 * How long a client waits when the mail server failed: it may be back in a minute.
	 */
	static final Duration MAIL_RETRY_AFTER = Duration.ofSeconds(60);

	private static final int TOKEN_BYTES = 32;

	/** The length of a token as mailed: 32 bytes in unpadded base64url. */
	private static final int TOKEN_CHARS = 43;

	private final SecureRandom random = new SecureRandom();

	private final EmailTokenStore tokens;

	private final AttemptStore attempts;

	private final MailLimits limits;

	private final MailSender mail;

	private final AttemptKeys keys;

	public MailedTokens(EmailTokenStore tokens, AttemptStore attempts, MailLimits limits, MailSender mail,
			byte[] attemptKey) {
		this.tokens = tokens;
		this.attempts = attempts;
		this.limits = limits;
		this.mail = mail;
		this.keys = new AttemptKeys(attemptKey);
	}

	/**
	 * Counts one mail to the normalised {@code address} asked for by {@code client};
	 * {@code false} when either is past its limit, and then nothing may be sent (the
	 * caller answers as if it were, so limits tell nothing about accounts).
	 */
	public Mono<Boolean> allowed(String address, String client, String flow) {
		String addressKey = this.keys.of("mail-to", address);
		List<Limit> limits = List.of(new Limit(addressKey, this.limits.perAddress()),
				new Limit(this.keys.of("mail-from", client), this.limits.perClient()));
		return this.attempts.reserve(this.limits.window(), limits).map(wait -> {
			if (wait > 0) {
				// the key's first characters tell repeated refusals for one address
				// apart,
				// without the address
				logger.info(flow + " mail not sent: send limit reached (" + addressKey.substring(0, 16)
						+ "…), next possible in " + wait + " s");
			}
			return wait == 0;
		});
	}

	/**
	 * Issues a token for {@code owner} under {@code purpose}, usable for {@code maxAge},
	 * and sends the mail {@code mail} writes around it (the token as it goes in a link).
	 * Fails with {@link SignInFailure} {@code email_unavailable} when the mail could not
	 * be sent; the token is then withdrawn.
	 */
	public Mono<Void> send(String purpose, TokenOwner owner, Duration maxAge, Function<String, Mail> mail) {
		byte[] token = new byte[TOKEN_BYTES];
		this.random.nextBytes(token);
		byte[] hash = sha256(token);
		Mail message = mail.apply(Base64.getUrlEncoder().withoutPadding().encodeToString(token));
		return this.tokens.issue(hash, purpose, owner, maxAge)
			.then(this.mail.send(message)
				.onErrorResume(MailUnavailableException.class,
						ex -> this.tokens.withdraw(hash).onErrorResume(failure -> Mono.empty()).then(Mono.error(ex))))
			.onErrorMap(MailUnavailableException.class, MailedTokens::unavailable);
	}

	/** A mail without a token (a note to the owner of an address), on the same terms. */
	public Mono<Void> send(Mail message) {
		return this.mail.send(message).onErrorMap(MailUnavailableException.class, MailedTokens::unavailable);
	}

	/** Whether {@code token} is unused and unexpired for {@code purpose}. */
	public Mono<Boolean> usable(String purpose, String token) {
		return hash(token).map(hash -> this.tokens.usable(hash, purpose)).orElse(Mono.just(false));
	}

	/**
	 * Uses {@code token} up and runs {@code andThen} with its owner in one transaction
	 * (when {@code andThen} fails the token stays usable); empty when the token is not a
	 * usable one for {@code purpose}.
	 */
	public <T> Mono<T> redeem(String purpose, String token, Function<TokenOwner, Mono<T>> andThen) {
		return hash(token).map(hash -> this.tokens.redeem(hash, purpose, andThen)).orElse(Mono.empty());
	}

	/** The site's host, as a person reads it in a mail whose only URL is its link. */
	static String site(String url) {
		return URI.create(url).getRawAuthority();
	}

	/**
	 * A link's lifetime as a person reads it in its mail or page: whole hours when it is
	 * some, else minutes.
	 */
	public static String readable(Duration duration) {
		if (duration.toHours() > 0 && duration.toMinutesPart() == 0 && duration.toSecondsPart() == 0) {
			return duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours");
		}
		long minutes = Math.max(1, duration.toMinutes());
		return minutes + (minutes == 1 ? " minute" : " minutes");
	}

	/** The stored hash of a token as mailed, or empty when it is not one. */
	private static Optional<byte[]> hash(String token) {
		if (token == null || token.length() != TOKEN_CHARS) {
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

	private static SignInFailure unavailable(MailUnavailableException ex) {
		return new SignInFailure(Reason.EMAIL_UNAVAILABLE, MAIL_RETRY_AFTER);
	}

}
