package dev.authbridge.web;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.csrf.CsrfTokens;
import dev.authbridge.redact.Redacted;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Reads, issues and checks the CSRF cookie for the actions that render or accept forms.
 */
public final class CsrfCookie {

	private final CsrfTokens tokens;

	private final AuthCookies cookies;

	public CsrfCookie(CsrfTokens tokens, AuthCookies cookies) {
		this.tokens = tokens;
		this.cookies = cookies;
	}

	/**
	 * The request's CSRF token while its cookie is valid, or a new one with the cookie
	 * that carries it.
	 */
	public Issued issue(ServerRequest request) {
		return issue(AuthCookies.first(request.cookies(), this.cookies.csrfName()));
	}

	/**
	 * The token of {@code cookieValue} while it is valid, or a new one with the cookie
	 * that carries it.
	 */
	public Issued issue(String cookieValue) {
		return this.tokens.tokenOf(cookieValue).map(token -> new Issued(token, null)).orElseGet(() -> {
			String value = this.tokens.newCookieValue();
			return new Issued(value.substring(0, value.indexOf('|')), this.cookies.csrf(value));
		});
	}

	/** Whether the posted {@code csrfToken} matches the request's valid CSRF cookie. */
	public boolean verify(ServerRequest request, Map<String, String> form) {
		return this.tokens.matches(AuthCookies.first(request.cookies(), this.cookies.csrfName()),
				form.get("csrfToken"));
	}

	/**
	 * @param token the token for the page or the client
	 * @param cookie the cookie to set, or {@code null} when the request's cookie is still
	 * good
	 */
	public record Issued(String token, ResponseCookie cookie) {

		@Override
		public String toString() {
			return Redacted.toString(this, "token", "cookie");
		}

		/**
		 * A 200 of {@code type} that no cache keeps, setting the cookie when the token is
		 * new.
		 */
		public ServerResponse.BodyBuilder respond(MediaType type) {
			ServerResponse.BodyBuilder response = ServerResponse.ok().contentType(type).headers(Responses::noStore);
			if (this.cookie != null) {
				response.cookie(this.cookie);
			}
			return response;
		}

	}

}
