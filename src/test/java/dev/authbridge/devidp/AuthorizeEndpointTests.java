package dev.authbridge.devidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.authbridge.devidp.DevIdpTest.FreePort;
import java.net.URI;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /dev-idp/authorize}: only the bridge's own request is served; anything else is a
 * 400 page saying what is wrong and never a redirect, since an unchecked redirect URI
 * must not receive even an error (RFC 6749 §4.1.2.1).
 */
@DevIdpTest
class AuthorizeEndpointTests {

	@Autowired
	WebTestClient client;

	static Stream<Arguments> invalidRequests() {
		return Stream.of(
				arguments("foreign redirect_uri", change(p -> p.set("redirect_uri", "https://evil.example/cb")),
						"The redirect_uri must be " + FreePort.URL + "/api/auth/callback/dev"),
				arguments("redirect_uri of another provider",
						change(p -> p.set("redirect_uri", FreePort.URL + "/api/auth/callback/github")),
						"The redirect_uri must be"),
				arguments("redirect_uri missing", change(p -> p.remove("redirect_uri")), "The redirect_uri must be"),
				arguments("unknown client_id", change(p -> p.set("client_id", "someone-else")),
						"The client_id must be authbridge-dev"),
				arguments("response_type token", change(p -> p.set("response_type", "token")),
						"The response_type must be code"),
				arguments("scope without openid", change(p -> p.set("scope", "profile email")),
						"The scope must include openid"),
				arguments("code_challenge missing", change(p -> p.remove("code_challenge")),
						"A PKCE code_challenge with code_challenge_method S256 is required"),
				arguments("plain PKCE", change(p -> p.set("code_challenge_method", "plain")),
						"A PKCE code_challenge with code_challenge_method S256 is required"),
				arguments("repeated state", change(p -> p.add("state", "second")), "The parameter state is repeated"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidRequests")
	void authorizeWhenRequestInvalidThenBadRequestPageAndNoRedirect(String name,
			MultiValueMap<String, String> parameters, String message) {
		String uri = UriComponentsBuilder.fromUriString(FreePort.URL + "/dev-idp/authorize")
			.queryParams(parameters)
			.encode()
			.toUriString();
		this.client.get()
			.uri(URI.create(uri))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist(HttpHeaders.LOCATION)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value(html -> assertThat(html).contains(message).contains("role=\"alert\"").doesNotContain("<form"));

		MultiValueMap<String, String> form = parameters;
		form.add("decision", "signin");
		this.client.post()
			.uri("/dev-idp/authorize")
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist(HttpHeaders.LOCATION);
	}

	@Test
	void authorizeWhenPageOrErrorPageThenStrictPolicyAndTheBridgesStylesheet() {
		String valid = UriComponentsBuilder.fromUriString(FreePort.URL + "/dev-idp/authorize")
			.queryParams(DevIdpRequests.authorization())
			.encode()
			.toUriString();
		for (String uri : new String[] { valid, FreePort.URL + "/dev-idp/authorize?client_id=someone-else" }) {
			this.client.get()
				.uri(URI.create(uri))
				.exchange()
				.expectHeader()
				.valueEquals("Content-Security-Policy",
						"default-src 'self'; script-src 'self'; "
								+ "style-src 'self'; img-src 'self' data: https:; form-action 'self' " + FreePort.URL
								+ "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
				.expectHeader()
				.valueEquals("Referrer-Policy", "no-referrer")
				.expectBody(String.class)
				.value(html -> assertThat(html)
					.contains("<link rel=\"stylesheet\" href=\"" + FreePort.URL + "/api/auth/assets/authbridge.css\">")
					.doesNotContain("<style"));
		}
	}

	@Test
	void authorizeWhenStateCarriesMarkupThenEscapedInThePage() {
		MultiValueMap<String, String> parameters = DevIdpRequests.authorization();
		parameters.set("state", "\"><script>alert(1)</script>");
		String uri = UriComponentsBuilder.fromUriString(FreePort.URL + "/dev-idp/authorize")
			.queryParams(parameters)
			.encode()
			.toUriString();
		this.client.get()
			.uri(URI.create(uri))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(html -> assertThat(html).doesNotContain("<script>")
				.contains("name=\"state\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
	}

	@Test
	void authorizeWhenSignedInThenCodeAndStateToTheRedirectUri() {
		String location = this.client.post()
			.uri("/dev-idp/authorize")
			.body(BodyInserters.fromFormData(withUser(DevIdpRequests.authorization(), "signin")))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.returnResult(Void.class)
			.getResponseHeaders()
			.getFirst(HttpHeaders.LOCATION);
		assertThat(location).matches(
				Pattern.quote(DevIdpRequests.REDIRECT_URI) + "\\?code=[A-Za-z0-9_.-]+&state=" + DevIdpRequests.STATE);
	}

	@Test
	void authorizeWhenCancelledThenAccessDeniedToTheRedirectUri() {
		this.client.post()
			.uri("/dev-idp/authorize")
			.body(BodyInserters.fromFormData(withUser(DevIdpRequests.authorization(), "cancel")))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION,
					DevIdpRequests.REDIRECT_URI + "?error=access_denied&state=" + DevIdpRequests.STATE);
	}

	private static MultiValueMap<String, String> withUser(MultiValueMap<String, String> form, String decision) {
		form.add("name", "Ada Lovelace");
		form.add("email", "ada@example.test");
		form.add("decision", decision);
		return form;
	}

	private static MultiValueMap<String, String> change(Consumer<MultiValueMap<String, String>> change) {
		MultiValueMap<String, String> parameters = DevIdpRequests.authorization();
		change.accept(parameters);
		return parameters;
	}

}
