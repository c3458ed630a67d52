package dev.authbridge.login;

import dev.authbridge.redirect.AuthPages.Page;

/**
 * Why a sign-in stops: a NextAuth error code for the page ({@code OAuthSignin}, {@code OAuthCallback},
 * {@code AccessDenied}, {@code Callback}, {@code Configuration}) and a machine reason ({@code state_mismatch},
 * {@code token_exchange_failed}, …). Messages never carry tokens, codes or secrets.
 */
public final class LoginException extends Exception {

	private final String code;

	private final String reason;

	private final Page page;

	private final int status;

	private final long retryAfter;

	public LoginException(String code, String reason) {
		this(code, reason, 200, 0, Page.ERROR);
	}

	/**
	 * @param status the HTTP status of the {@code json=true} answer (NextAuth's credentials flow answers 401)
	 * @param retryAfter seconds the client should wait before trying again, 0 when it need not
	 * @param page the page that explains it: the error page, or the sign-in page for a form to correct
	 */
	public LoginException(String code, String reason, int status, long retryAfter, Page page) {
		super(code + "/" + reason, null, false, false);
		this.code = code;
		this.reason = reason;
		this.page = page;
		this.status = status;
		this.retryAfter = retryAfter;
	}

	/** A failure while finishing the flow at the callback. */
	public static LoginException callback(String reason) {
		return new LoginException("OAuthCallback", reason);
	}

	public String code() {
		return this.code;
	}

	public String reason() {
		return this.reason;
	}

	public Page page() {
		return this.page;
	}

	public int status() {
		return this.status;
	}

	public long retryAfter() {
		return this.retryAfter;
	}

}
