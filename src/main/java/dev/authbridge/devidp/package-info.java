/**
 * Development only: a minimal OpenID Provider the bridge serves itself under
 * {@code /dev-idp}, so that a first run with no accounts and no environment still ends in
 * a real sign-in over the same OIDC code flow (discovery, PKCE, nonce, RS256 ID token,
 * userinfo) that Auth0 takes. Whoever reaches it signs in as whoever they type, so it is
 * on only for a plain local http {@code AUTH_URL} and never on https. The composition
 * root asks {@link dev.authbridge.devidp.DevIdp#decide} whether it is on and mounts
 * {@link dev.authbridge.devidp.DevIdpRouter}'s routes; nothing else calls this package,
 * and it keeps no state: codes and access tokens are sealed JWEs.
 */
package dev.authbridge.devidp;
