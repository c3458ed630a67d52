package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

@BridgeTest
class CsrfActionTests {

	static final String COOKIE = "authbridge.csrf-token";

	@Autowired
	WebTestClient client;

	@Test
	void csrfWhenNoCookieThenNewTokenAndSignedCookie() {
		EntityExchangeResult<Map> result = this.client.get()
			.uri("/api/auth/csrf")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache, no-store")
			.expectBody(Map.class)
			.returnResult();
		String token = (String) result.getResponseBody().get("csrfToken");
		assertThat(token).matches("[0-9a-f]{64}");
		ResponseCookie cookie = SetCookies.parse(result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE));
		assertThat(cookie.getName()).isEqualTo(COOKIE);
		assertThat(cookie.getValue()).startsWith(token + "|").matches("[0-9a-f]{64}\\|[0-9a-f]{64}");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
		assertThat(cookie.getPath()).isEqualTo("/");
		assertThat(cookie.isSecure()).isFalse();
	}

	@Test
	void csrfWhenCookieValidThenSameTokenAndNoNewCookie() {
		String cookie = newCookie(this.client);
		this.client.get()
			.uri("/api/auth/csrf")
			.cookie(COOKIE, cookie)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody()
			.jsonPath("$.csrfToken")
			.isEqualTo(cookie.substring(0, 64));
	}

	@Test
	void csrfWhenCookieTamperedThenNewToken() {
		String cookie = newCookie(this.client);
		String forged = "0".repeat(64) + cookie.substring(64);
		EntityExchangeResult<Map> result = this.client.get()
			.uri("/api/auth/csrf")
			.cookie(COOKIE, forged)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists(HttpHeaders.SET_COOKIE)
			.expectBody(Map.class)
			.returnResult();
		assertThat(result.getResponseBody().get("csrfToken")).isNotEqualTo("0".repeat(64));
	}

	/** The {@code token|mac} value of a fresh CSRF cookie. */
	static String newCookie(WebTestClient client) {
		String header = client.get()
			.uri("/api/auth/csrf")
			.exchange()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst(HttpHeaders.SET_COOKIE);
		return SetCookies.parse(header).getValue();
	}

}
