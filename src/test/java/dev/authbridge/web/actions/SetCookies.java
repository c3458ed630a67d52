package dev.authbridge.web.actions;

import java.time.Duration;
import java.util.Locale;
import org.springframework.http.ResponseCookie;

/** Parses one {@code Set-Cookie} header the way a browser reads its attributes. */
public final class SetCookies {

	private SetCookies() {
	}

	public static ResponseCookie parse(String header) {
		String[] parts = header.split(";\\s*");
		int eq = parts[0].indexOf('=');
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(parts[0].substring(0, eq),
				parts[0].substring(eq + 1));
		for (int i = 1; i < parts.length; i++) {
			String[] attribute = parts[i].split("=", 2);
			switch (attribute[0].toLowerCase(Locale.ROOT)) {
				case "max-age" -> cookie.maxAge(Duration.ofSeconds(Long.parseLong(attribute[1])));
				case "path" -> cookie.path(attribute[1]);
				case "samesite" -> cookie.sameSite(attribute[1]);
				case "httponly" -> cookie.httpOnly(true);
				case "secure" -> cookie.secure(true);
				default -> {
				}
			}
		}
		return cookie.build();
	}

}
