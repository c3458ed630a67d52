package dev.authbridge.login;

/**
 * Why a sign-in stops: a NextAuth error code for the page ({@code OAuthSignin}, {@code OAuthCallback},
 * {@code AccessDenied}, {@code Callback}, {@code Configuration}) and a machine reason ({@code state_mismatch},
 * {@code token_exchange_failed}, …). Messages never carry tokens, codes or secrets.
 */
public final class LoginException extends Exception {

	private final String code;

	private final String reason;

	public LoginException(String code, String reason) {
		super(code + "/" + reason, null, false, false);
		this.code = code;
		this.reason = reason;
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

}
