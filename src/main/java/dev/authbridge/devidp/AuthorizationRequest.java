package dev.authbridge.devidp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * An authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1) that passed every check:
 * the development provider accepts only the bridge as client, only its callback as
 * redirect URI, only the code flow, and only with a PKCE S256 challenge.
 *
 * @param redirectUri where the answer goes, equal to the bridge's callback for
 * {@code dev}
 * @param scope the requested scope, with {@code openid}
 * @param state the client's state, echoed back; may be {@code null}
 * @param nonce the client's nonce, echoed in the ID token; may be {@code null}
 * @param codeChallenge the PKCE S256 challenge (RFC 7636 §4.2)
 */
record AuthorizationRequest(String redirectUri, String scope, String state, String nonce, String codeChallenge) {

	/**
	 * RFC 7636 §4.2: BASE64URL(SHA-256(verifier)) is 43 characters of the URL-safe
	 * alphabet.
	 */
	private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final int MAX_LENGTH = 512;

	/**
	 * Checks the parameters of a request to the authorization endpoint.
	 * @throws InvalidAuthorizationRequest saying what is wrong, for the person at the
	 * browser
	 */
	static AuthorizationRequest from(MultiValueMap<String, String> parameters, DevIdp idp)
			throws InvalidAuthorizationRequest {
		for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
			// RFC 6749 §3.1: parameters must not be sent more than once
			if (parameter.getValue().size() > 1) {
				throw new InvalidAuthorizationRequest("The parameter " + parameter.getKey() + " is repeated.");
			}
			if (parameter.getValue().get(0).length() > MAX_LENGTH) {
				throw new InvalidAuthorizationRequest("The parameter " + parameter.getKey() + " is too long.");
			}
		}
		// RFC 6749 §4.1.2.1: with an unknown client or redirect URI there is nowhere safe
		// to send an error, so the
		// page says it; the other problems are shown too, for the developer who is at the
		// browser anyway
		if (!DevIdp.CLIENT_ID.equals(parameters.getFirst("client_id"))) {
			throw new InvalidAuthorizationRequest("The client_id must be " + DevIdp.CLIENT_ID + ".");
		}
		String redirectUri = parameters.getFirst("redirect_uri");
		if (!idp.redirectUri().equals(redirectUri)) {
			throw new InvalidAuthorizationRequest("The redirect_uri must be " + idp.redirectUri() + ".");
		}
		if (!"code".equals(parameters.getFirst("response_type"))) {
			throw new InvalidAuthorizationRequest("The response_type must be code.");
		}
		String scope = parameters.getFirst("scope");
		if (scope == null || !Arrays.asList(scope.split(" ")).contains("openid")) {
			throw new InvalidAuthorizationRequest("The scope must include openid (OpenID Connect Core §3.1.2.1).");
		}
		String challenge = parameters.getFirst("code_challenge");
		if (challenge == null || !S256_CHALLENGE.matcher(challenge).matches()
				|| !"S256".equals(parameters.getFirst("code_challenge_method"))) {
			throw new InvalidAuthorizationRequest(
					"A PKCE code_challenge with code_challenge_method S256 is required (RFC 7636 §4.3).");
		}
		return new AuthorizationRequest(redirectUri, scope, parameters.getFirst("state"), parameters.getFirst("nonce"),
				challenge);
	}

	/** Every parameter, to carry through the sign-in form unchanged. */
	Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", DevIdp.CLIENT_ID);
		parameters.put("redirect_uri", this.redirectUri);
		parameters.put("scope", this.scope);
		if (this.state != null) {
			parameters.put("state", this.state);
		}
		if (this.nonce != null) {
			parameters.put("nonce", this.nonce);
		}
		parameters.put("code_challenge", this.codeChallenge);
		parameters.put("code_challenge_method", "S256");
		return parameters;
	}

	/** The request cannot be served; the message says why, in words for a person. */
	static final class InvalidAuthorizationRequest extends Exception {

		InvalidAuthorizationRequest(String message) {
			super(message, null, false, false);
		}

	}

}
