package dev.authbridge.redirect;

import dev.authbridge.net.IpAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The bridge's public base ({@code AUTH_URL}): every absolute URL it emits starts here,
 * never from a request's {@code Host} header unless the operator trusts the proxy in
 * front ({@code AUTH_TRUST_HOST}).
 *
 * @param origin {@code scheme://host[:port]}, lower-case, default port omitted
 * @param path a path prefix a proxy adds before {@code /api/auth}, empty or starting with
 * {@code /}
 */
public record AuthUrl(String origin, String path) {

	/** The NextAuth base path of every action. */
	public static final String API = "/api/auth";

	/** Where under {@link #API} the pages' style sheet is served. */
	/**
	 * The same-origin GraphQL proxy's path: Hasura's own, so a client only changes the
	 * origin it points at.
	 */
	public static final String GRAPHQL = "/v1/graphql";

	public static final String STYLESHEET = "assets/authbridge.css";

	/**
	 * Parses {@code AUTH_URL}; the message of the exception says what is wrong with it.
	 */
	public static AuthUrl parse(String value) {
		URI uri;
		try {
			uri = new URI(value.trim());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("is not a URL");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			throw new IllegalArgumentException("must be an absolute http(s) URL such as https://auth.example.com");
		}
		if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new IllegalArgumentException("must not have user info, a query or a fragment");
		}
		String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
		if (path.endsWith(API)) {
			path = path.substring(0, path.length() - API.length());
		}
		return new AuthUrl(origin(uri), path);
	}

	/**
	 * {@code scheme://host[:port]} of {@code uri}, lower-cased, default port dropped;
	 * {@code null} when none.
	 */
	public static String origin(URI uri) {
		if (uri.getScheme() == null || uri.getHost() == null) {
			return null;
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		int port = uri.getPort();
		boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
				|| (scheme.equals("https") && port == 443);
		return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
	}

	/** The absolute URL of an action, e.g. {@code action("callback/github")}. */
	public String action(String action) {
		return this.origin + this.path + API + "/" + action;
	}

	/**
	 * The absolute URL of the style sheet of the bridge's pages (a file, so CSP needs no
	 * inline style).
	 */
	public String stylesheet() {
		return action(STYLESHEET);
	}

	/** Where users land by default: the base URL itself. */
	public String home() {
		return this.origin + this.path + "/";
	}

	public boolean secure() {
		return this.origin.startsWith("https:");
	}

	/**
	 * Whether this is a plain local run: http on {@code localhost} or a loopback address.
	 * The address is parsed, never looked up and never matched by prefix:
	 * {@code 127.example.com} is a name anyone can register.
	 */
	public boolean local() {
		return !secure() && loopback(URI.create(this.origin).getHost());
	}

	private static boolean loopback(String host) {
		return host.equals("localhost") || IpAddresses.literal(host).map(InetAddress::isLoopbackAddress).orElse(false);
	}

	/** The same path on another origin, for {@code AUTH_TRUST_HOST} behind a proxy. */
	public AuthUrl withOrigin(String otherOrigin) {
		return new AuthUrl(otherOrigin, this.path);
	}

}
