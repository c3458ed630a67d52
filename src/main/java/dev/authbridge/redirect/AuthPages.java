package dev.authbridge.redirect;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the sign-in, sign-out, error and verify-request pages are: the bridge's own under
 * {@code /api/auth}, or the operator's, as NextAuth's {@code pages} option
 * ({@code AUTH_PAGES_SIGNIN}, {@code AUTH_PAGES_SIGNOUT}, {@code AUTH_PAGES_ERROR},
 * {@code AUTH_PAGES_VERIFY_REQUEST}). A page of the operator's is a path on
 * {@code AUTH_URL}'s origin or an absolute URL on that origin or on one in
 * {@code AUTH_REDIRECT_ALLOWLIST}, checked at startup: it receives the query the bridge's
 * page would have had, so an unchecked one would be an open redirect carrying the error
 * codes and the callbackUrl.
 */
public final class AuthPages {

	/**
	 * The pages an operator may replace, with the action each replaces and the variable
	 * that does it.
	 */
	public enum Page {

		SIGNIN("signin", "AUTH_PAGES_SIGNIN"), SIGNOUT("signout", "AUTH_PAGES_SIGNOUT"),
		ERROR("error", "AUTH_PAGES_ERROR"),
		/** "Check your e-mail", after a sign-in link was asked for. */
		VERIFY_REQUEST("verify-request", "AUTH_PAGES_VERIFY_REQUEST");

		private final String action;

		private final String variable;

		Page(String action, String variable) {
			this.action = action;
			this.variable = variable;
		}

	}

	private static final String HINT = "set a path of your app such as /login, or an absolute http(s) URL on "
			+ "AUTH_URL's origin or an origin in AUTH_REDIRECT_ALLOWLIST";

	/** Each replaced page: a path starting with {@code /}, or an absolute URL. */
	private final Map<Page, String> custom;

	private AuthPages(Map<Page, String> custom) {
		this.custom = Map.copyOf(custom);
	}

	/** The bridge's own pages only. */
	public static AuthPages builtIn() {
		return new AuthPages(Map.of());
	}

	/**
	 * Checks the configured values, blank ones meaning the bridge's own page.
	 * @param values the configured value per page
	 * @param url {@code AUTH_URL}, or {@code null} when it is itself invalid (then only
	 * the form is checked)
	 * @param allowedOrigins {@code AUTH_REDIRECT_ALLOWLIST}
	 * @param problems receives one line per invalid value
	 */
	public static AuthPages parse(Map<Page, String> values, AuthUrl url, Set<String> allowedOrigins,
			List<String> problems) {
		Map<Page, String> custom = new EnumMap<>(Page.class);
		values.forEach((page, raw) -> {
			String value = raw == null ? "" : raw.trim();
			if (value.isEmpty()) {
				return;
			}
			String problem = problem(value, url, allowedOrigins);
			if (problem == null) {
				custom.put(page, value);
			}
			else {
				problems.add(page.variable + " \"" + value + "\" " + problem + ": " + HINT);
			}
		});
		return new AuthPages(custom);
	}

	/** The operator's {@code page} with {@code query} added, when there is one. */
	public Optional<String> custom(Page page, AuthUrl base, Map<String, String> query) {
		return Optional.ofNullable(this.custom.get(page))
			.map(value -> withQuery(value.startsWith("/") ? base.origin() + value : value, query));
	}

	/**
	 * Where to send a browser for {@code page} with {@code query}: the operator's page,
	 * else the bridge's own.
	 */
	public String location(Page page, AuthUrl base, Map<String, String> query) {
		return custom(page, base, query).orElseGet(() -> withQuery(base.action(page.action), query));
	}

	/**
	 * {@code url} with {@code query} appended, names and values form-encoded, as NextAuth
	 * appends to its pages.
	 */
	static String withQuery(String url, Map<String, String> query) {
		StringBuilder result = new StringBuilder(url);
		query.forEach((name, value) -> result.append(result.indexOf("?") < 0 ? '?' : '&')
			.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return result.toString();
	}

	/** What is wrong with {@code value}, or {@code null}. */
	private static String problem(String value, AuthUrl url, Set<String> allowedOrigins) {
		if (CallbackUrlPolicy.hasUnsafeCharacter(value)) {
			return "has a space, a backslash or a control character";
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			return "is not a URL";
		}
		if (uri.getRawFragment() != null) {
			return "has a fragment, which would hide the query the page is given";
		}
		String origin;
		if (value.startsWith("/") && !value.startsWith("//")) {
			origin = url == null ? null : url.origin();
		}
		else {
			origin = AuthUrl.origin(uri);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (origin == null || uri.getRawUserInfo() != null || !(scheme.equals("http") || scheme.equals("https"))) {
				return "is neither a path starting with / nor an absolute http(s) URL";
			}
			if (url != null && !origin.equals(url.origin()) && !allowedOrigins.contains(origin)) {
				return "is not on AUTH_URL's origin (" + url.origin() + ") or an origin in AUTH_REDIRECT_ALLOWLIST";
			}
		}
		if (url != null && url.origin().equals(origin) && uri.getRawPath() != null
				&& uri.getRawPath().startsWith(url.path() + AuthUrl.API + "/")) {
			return "is one of the bridge's own routes, which would send the browser in circles";
		}
		return null;
	}

}
