package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * With AUTH_TRUST_HOST=true behind a proxy, every absolute URL follows the proxy's
 * X-Forwarded-Host and -Proto: the URLs in {@code /providers}, the {@code redirect_uri}
 * sent to the provider, redirects and the pages' links. Without it they are ignored:
 * {@link UntrustedHostTests}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "AUTH_SECRET=" + BridgeTest.SECRET, "AUTH_URL=http://internal:3000", "AUTH_TRUST_HOST=true",
				"AUTH_GITHUB_ID=id", "AUTH_GITHUB_SECRET=secret" })
@AutoConfigureWebTestClient
class TrustHostTests {

	static final String PUBLIC = "https://auth.example.com";

	@Autowired
	WebTestClient client;

	@Test
	void providersWhenForwardedHeadersTrustedThenUrlsOnThePublicOrigin() {
		this.client.get()
			.uri("/api/auth/providers")
			.headers(TrustHostTests::forwarded)
			.exchange()
			.expectBody()
			.jsonPath("$.github.callbackUrl")
			.isEqualTo(PUBLIC + "/api/auth/callback/github")
			.jsonPath("$.github.signinUrl")
			.isEqualTo(PUBLIC + "/api/auth/signin/github");
	}

	@Test
	void signinWhenForwardedHeadersTrustedThenRedirectUriOnThePublicOrigin() {
		String csrf = this.client.get()
			.uri("/api/auth/csrf")
			.exchange()
			.returnResult(String.class)
			.getResponseCookies()
			.getFirst("authbridge.csrf-token")
			.getValue();

		this.client.post()
			.uri("/api/auth/signin/github")
			.headers(TrustHostTests::forwarded)
			.cookie("authbridge.csrf-token", csrf)
			.body(BodyInserters.fromFormData("csrfToken", csrf.substring(0, 64)).with("callbackUrl", "/after"))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.value(HttpHeaders.LOCATION, location -> assertThat(
					UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("redirect_uri"))
				.isEqualTo(PUBLIC + "/api/auth/callback/github"));
	}

	@Test
	void signoutWhenForwardedHeadersTrustedThenRedirectOnThePublicOrigin() {
		this.client.post()
			.uri("/api/auth/signout")
			.headers(TrustHostTests::forwarded)
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, PUBLIC + "/api/auth/signout?csrf=true");
	}

	@Test
	void signinPageWhenForwardedHeadersTrustedThenFormsPostToThePublicOrigin() {
		this.client.get()
			.uri("/api/auth/signin")
			.headers(TrustHostTests::forwarded)
			.exchange()
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("action=\"" + PUBLIC + "/api/auth/signin/github\"")
				.doesNotContain("internal:3000"));
	}

	/**
	 * RFC 6797 §7.1: over https, including a refusal by the firewall ({@code TRACE}),
	 * which the chain never sees.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "GET, /api/auth/session", "GET, /api/auth/csrf", "GET, /api/auth/providers",
			"TRACE, /api/auth/session" })
	void answerWhenForwardedHttpsTrustedThenStrictTransportSecurity(HttpMethod method, String path) {
		this.client.method(method)
			.uri(path)
			.headers(TrustHostTests::forwarded)
			.exchange()
			.expectHeader()
			.valueEquals("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY");
	}

	static void forwarded(HttpHeaders headers) {
		headers.set("X-Forwarded-Host", "auth.example.com");
		headers.set("X-Forwarded-Proto", "https");
	}

}
