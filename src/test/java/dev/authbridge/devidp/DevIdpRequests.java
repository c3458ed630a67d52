package dev.authbridge.devidp;

import dev.authbridge.S256;
import dev.authbridge.devidp.DevIdpTest.FreePort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

/** Requests to the development provider as its one client, the bridge, makes them. */
final class DevIdpRequests {

	static final String REDIRECT_URI = FreePort.URL + "/api/auth/callback/dev";

	static final String VERIFIER = "dev-idp-test-verifier-0123456789abcdefghijklmnopq";

	static final String STATE = "state-123";

	static final String NONCE = "nonce-456";

	private DevIdpRequests() {
	}

	/** A valid authorization request with {@link #VERIFIER}'s S256 challenge. */
	static MultiValueMap<String, String> authorization() {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.add("response_type", "code");
		parameters.add("client_id", DevIdp.CLIENT_ID);
		parameters.add("redirect_uri", REDIRECT_URI);
		parameters.add("scope", "openid profile email");
		parameters.add("state", STATE);
		parameters.add("nonce", NONCE);
		parameters.add("code_challenge", S256.of(VERIFIER));
		parameters.add("code_challenge_method", "S256");
		return parameters;
	}

	/** Signs in as Ada on the provider page and returns the code it redirects with. */
	static String code(WebTestClient client) {
		MultiValueMap<String, String> form = authorization();
		form.add("name", "Ada Lovelace");
		form.add("email", "ada@example.test");
		form.add("decision", "signin");
		String location = client.post()
			.uri("/dev-idp/authorize")
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getFirst(HttpHeaders.LOCATION);
		return UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("code");
	}

	/** The token request for {@code code}, without client authentication. */
	static MultiValueMap<String, String> tokenRequest(String code) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", REDIRECT_URI);
		form.add("code_verifier", VERIFIER);
		return form;
	}

}
