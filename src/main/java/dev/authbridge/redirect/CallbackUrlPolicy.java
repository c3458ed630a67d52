package dev.authbridge.redirect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Where a browser may be sent after signing in or out. A {@code callbackUrl} is honoured
 * only when it is a plain relative path or an http(s) URL on the bridge's own origin or
 * an origin in {@code AUTH_REDIRECT_ALLOWLIST}; anything else falls back to the bridge's
 * home, never an error (an open redirect is the classic OAuth phishing aid, RFC 6749
 * §10.15).
 */
public final class CallbackUrlPolicy {

	private final Set<String> allowedOrigins;

	/**
	 * @param allowedOrigins extra origins ({@code scheme://host[:port]}) that may be
	 * redirected to
	 */
	public CallbackUrlPolicy(Set<String> allowedOrigins) {
		this.allowedOrigins = Set.copyOf(allowedOrigins);
	}

	/**
	 * {@code candidate} as an absolute URL when it is allowed, else {@code base}'s home.
	 */
	public String resolve(String candidate, AuthUrl base) {
		if (candidate == null || candidate.isBlank() || candidate.length() > 2048) {
			return base.home();
		}
		if (hasUnsafeCharacter(candidate)) {
			return base.home();
		}
		if (candidate.startsWith("/")) {
			return candidate.startsWith("//") ? base.home() : checked(base.origin() + candidate, base);
		}
		return checked(candidate, base);
	}

	/**
	 * Whether {@code url} has a backslash, white space or a control character. Browsers
	 * read '\' as '/' and drop tabs and newlines, turning "/\evil.com" or "/\t/evil.com"
	 * into a protocol-relative URL; no legitimate redirect target needs them.
	 */
	static boolean hasUnsafeCharacter(String url) {
		for (int i = 0; i < url.length(); i++) {
			char c = url.charAt(i);
			if (c == '\\' || c < 0x21 || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

	private String checked(String absolute, AuthUrl base) {
		URI uri;
		try {
			uri = new URI(absolute);
		}
		catch (URISyntaxException ex) {
			return base.home();
		}
		String origin = AuthUrl.origin(uri);
		if (origin == null || uri.getRawUserInfo() != null
				|| !(origin.startsWith("http://") || origin.startsWith("https://"))) {
			return base.home();
		}
		return origin.equals(base.origin()) || this.allowedOrigins.contains(origin) ? uri.toString() : base.home();
	}

}
