package dev.authbridge.user;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a sign-in or a sign-up stops, as the code that finds out knows it: NextAuth's error
 * code, one reason of a closed set, and how long a client should wait when waiting helps.
 * What a client then gets (status, page, {@code Retry-After}) is decided by the web layer
 * alone ({@code web/LoginFailures}), as oauth2-proxy keeps its sentinel errors apart from
 * the handler that answers them. The message never carries a token, code or secret.
 */
public final class SignInFailure extends Exception {

	private final ErrorCode error;

	private final Reason reason;

	private final Duration retryAfter;

	/** {@code reason}, with its usual NextAuth code. */
	public SignInFailure(Reason reason) {
		this(reason.error, reason, Duration.ZERO);
	}

	/**
	 * {@code reason} under another NextAuth code, e.g. a provider that is unavailable at
	 * sign-in or at callback.
	 */
	public SignInFailure(ErrorCode error, Reason reason) {
		this(error, reason, Duration.ZERO);
	}

	/** {@code reason}, which a client may overcome by waiting {@code retryAfter}. */
	public SignInFailure(Reason reason, Duration retryAfter) {
		this(reason.error, reason, retryAfter);
	}

	private SignInFailure(ErrorCode error, Reason reason, Duration retryAfter) {
		super(error.code + "/" + reason.code(), null, false, false);
		this.error = error;
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	public ErrorCode error() {
		return this.error;
	}

	public Reason reason() {
		return this.reason;
	}

	/** How long to wait before trying again; zero when waiting does not help. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/** NextAuth's error codes ({@code ?error=}), which its clients and pages know. */
	public enum ErrorCode {

		OAUTH_SIGNIN("OAuthSignin"), OAUTH_CALLBACK("OAuthCallback"), ACCESS_DENIED("AccessDenied"),
		CALLBACK("Callback"), CREDENTIALS_SIGNIN("CredentialsSignin"), SIGNUP("Signup"),
		/** A mail could not be sent. */
		EMAIL_SIGNIN("EmailSignin"),
		/** A mailed link that is unknown, used or expired. */
		VERIFICATION("Verification");

		private final String code;

		ErrorCode(String code) {
			this.code = code;
		}

		/** As on the wire: {@code ?error=OAuthCallback}. */
		public String code() {
			return this.code;
		}

	}

	/**
	 * Every reason a sign-in or sign-up can stop for: the {@code ?reason=} of the error
	 * page and a metrics tag.
	 */
	public enum Reason {

		/** The user declined at the provider. */
		ACCESS_DENIED(ErrorCode.ACCESS_DENIED),
		/** The provider sent the user back with another error. */
		PROVIDER_ERROR(ErrorCode.OAUTH_CALLBACK), UNKNOWN_PROVIDER(ErrorCode.OAUTH_SIGNIN),
		/** Its discovery or its JWKS did not answer. */
		PROVIDER_UNAVAILABLE(ErrorCode.OAUTH_SIGNIN), STATE_COOKIE_MISSING(ErrorCode.OAUTH_CALLBACK),
		STATE_COOKIE_INVALID(ErrorCode.OAUTH_CALLBACK), STATE_EXPIRED(ErrorCode.OAUTH_CALLBACK),
		/**
		 * The flow was begun for another provider (RFC 6749 §10.12 binds state to it).
		 */
		PROVIDER_MISMATCH(ErrorCode.OAUTH_CALLBACK), STATE_MISMATCH(ErrorCode.OAUTH_CALLBACK),
		CODE_MISSING(ErrorCode.OAUTH_CALLBACK), TOKEN_EXCHANGE_FAILED(ErrorCode.OAUTH_CALLBACK),
		ID_TOKEN_INVALID(ErrorCode.OAUTH_CALLBACK), USERINFO_FAILED(ErrorCode.OAUTH_CALLBACK),
		HASURA_UNAVAILABLE(ErrorCode.CALLBACK), HASURA_REJECTED(ErrorCode.CALLBACK),
		DATABASE_UNAVAILABLE(ErrorCode.CALLBACK),
		/** Every password-hashing thread and queue slot is taken. */
		BUSY(ErrorCode.CALLBACK), WRONG_CREDENTIALS(ErrorCode.CREDENTIALS_SIGNIN),
		TOO_MANY_ATTEMPTS(ErrorCode.CREDENTIALS_SIGNIN), EMAIL_INVALID(ErrorCode.SIGNUP),
		PASSWORD_TOO_SHORT(ErrorCode.SIGNUP), PASSWORD_TOO_LONG(ErrorCode.SIGNUP), PASSWORD_COMMON(ErrorCode.SIGNUP),
		NAME_TOO_LONG(ErrorCode.SIGNUP), EMAIL_TAKEN(ErrorCode.SIGNUP), TOO_MANY_SIGNUPS(ErrorCode.SIGNUP),
		/** The mail server is down, too slow or refused the mail. */
		EMAIL_UNAVAILABLE(ErrorCode.EMAIL_SIGNIN),
		/** A mailed link's token is unknown, used or expired. */
		TOKEN_INVALID(ErrorCode.VERIFICATION),
		/**
		 * The right password of an account whose address is not proved yet, while
		 * verification is required.
		 */
		EMAIL_NOT_VERIFIED(ErrorCode.ACCESS_DENIED),
		/** A failure nobody anticipated; logged with its stack where it is answered. */
		INTERNAL_ERROR(ErrorCode.CALLBACK);

		private final ErrorCode error;

		Reason(ErrorCode error) {
			this.error = error;
		}

		/** As on the wire and in metrics: {@code state_mismatch}. */
		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		/**
		 * The reason whose {@link #code()} is {@code code}, if any: for a reason read
		 * back from a URL.
		 */
		public static Optional<Reason> of(String code) {
			return Arrays.stream(values()).filter(reason -> reason.code().equals(code)).findFirst();
		}

	}

}
