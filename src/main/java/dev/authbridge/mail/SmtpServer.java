package dev.authbridge.mail;

import dev.authbridge.redact.Redacted;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An SMTP server as NextAuth's {@code EMAIL_SERVER} names it:
 * {@code smtp://user:pass@host:587} (plain, upgraded with STARTTLS; required when there
 * are credentials, so a password never crosses in clear) or
 * {@code smtps://user:pass@host:465} (TLS from the first byte). User and password are
 * URL-decoded, as in a database URL.
 *
 * @param host the server's host name or address
 * @param port its port: 587 for smtp, 465 for smtps unless given
 * @param implicitTls {@code smtps}
 * @param user the SMTP AUTH user, or {@code null} without authentication
 * @param password its password, or {@code null}
 */
public record SmtpServer(String host, int port, boolean implicitTls, String user, String password) {

	private static final String HINT = ": set AUTH_EMAIL_SERVER to smtp://user:password@host:587 (STARTTLS) or "
			+ "smtps://user:password@host:465 (TLS), with user and password URL-encoded";

	@Override
	public String toString() {
		return Redacted.toString(this, "password");
	}

	/**
	 * The server {@code value} names, or empty when it is not set; each problem goes to
	 * {@code problems} as one line that never repeats the value (it may hold a password).
	 */
	public static Optional<SmtpServer> parse(String value, List<String> problems) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		URI uri;
		try {
			uri = new URI(value.strip());
		}
		catch (URISyntaxException ex) {
			problems.add("AUTH_EMAIL_SERVER is not a URL" + HINT);
			return Optional.empty();
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
			problems.add("AUTH_EMAIL_SERVER must start with smtp:// or smtps://" + HINT);
			return Optional.empty();
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			problems.add("AUTH_EMAIL_SERVER has no host" + HINT);
			return Optional.empty();
		}
		boolean tls = scheme.equals("smtps");
		int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 587;
		String user = null;
		String password = null;
		if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().isEmpty()) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			user = decode(parts[0]);
			password = parts.length > 1 ? decode(parts[1]) : "";
		}
		return Optional.of(new SmtpServer(uri.getHost(), port, tls, user, password));
	}

	/** Percent-decoding only: a {@code +} in user info is a plus, not a space. */
	private static String decode(String raw) {
		return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
