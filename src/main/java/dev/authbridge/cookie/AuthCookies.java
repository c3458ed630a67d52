package dev.authbridge.cookie;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.util.MultiValueMap;

/**
 * The bridge's cookies, named and flagged in one place: all
 * {@code HttpOnly; SameSite=Lax; Path=/}; on an https {@code AUTH_URL} also
 * {@code Secure} with the {@code __Secure-} prefix, or {@code __Host-} for the CSRF
 * cookie, which browsers then refuse to accept from a sibling subdomain (RFC 6265bis
 * §4.1.3).
 */
public final class AuthCookies {

	private final boolean secure;

	private final String sessionName;

	private final String csrfName;

	private final String flowName;

	public AuthCookies(boolean secure) {
		this.secure = secure;
		String prefix = secure ? "__Secure-" : "";
		this.sessionName = prefix + "authbridge.session-token";
		this.csrfName = (secure ? "__Host-" : "") + "authbridge.csrf-token";
		this.flowName = prefix + "authbridge.oauth";
	}

	public String sessionName() {
		return this.sessionName;
	}

	public String csrfName() {
		return this.csrfName;
	}

	public String flowName() {
		return this.flowName;
	}

	/** The session cookie, living as long as the token inside it. */
	public ResponseCookie session(String token, Duration maxAge) {
		return build(this.sessionName, token).maxAge(maxAge).build();
	}

	/** A browser-session CSRF cookie, like NextAuth's. */
	public ResponseCookie csrf(String value) {
		return build(this.csrfName, value).build();
	}

	/** The sealed sign-in flow, living as long as the flow may take. */
	public ResponseCookie flow(String sealed, Duration maxAge) {
		return build(this.flowName, sealed).maxAge(maxAge).build();
	}

	/** Deletes cookie {@code name}. */
	public ResponseCookie expired(String name) {
		return build(name, "").maxAge(Duration.ZERO).build();
	}

	/** The first value of cookie {@code name}, or {@code null}. */
	public static String first(MultiValueMap<String, HttpCookie> cookies, String name) {
		List<HttpCookie> values = cookies.get(name);
		return values == null || values.isEmpty() ? null : values.get(0).getValue();
	}

	private ResponseCookie.ResponseCookieBuilder build(String name, String value) {
		return ResponseCookie.from(name, value).httpOnly(true).sameSite("Lax").path("/").secure(this.secure);
	}

}
