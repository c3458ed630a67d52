package dev.authbridge.login;

import dev.authbridge.redact.Redacted;

/**
 * Everything a sign-in in flight needs between the redirect to the provider and its
 * callback, kept only in the browser's sealed {@code authbridge.oauth} cookie so any
 * instance can finish a flow another started.
 *
 * @param provider the provider id the flow was started for; a callback for another
 * provider is refused
 * @param state the OAuth {@code state} (RFC 6749 §10.12)
 * @param codeVerifier the PKCE verifier (RFC 7636 §4.1)
 * @param nonce the raw OIDC nonce (OIDC Core §3.1.2.1), {@code null} for plain OAuth
 * providers
 * @param redirectUri the {@code redirect_uri} sent to the provider, sent again with the
 * code (RFC 6749 §4.1.3)
 * @param callbackUrl where the browser goes once signed in, already checked against the
 * redirect policy
 */
public record FlowState(String provider, String state, String codeVerifier, String nonce, String redirectUri,
		String callbackUrl) {

	@Override
	public String toString() {
		return Redacted.toString(this, "state", "codeVerifier", "nonce");
	}

}
