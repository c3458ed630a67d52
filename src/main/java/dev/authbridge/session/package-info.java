/**
 * Token issue and verification with nimbus-jose-jwt: the session cookie
 * ({@link dev.authbridge.session.SessionTokens}), the access token Hasura verifies
 * ({@link dev.authbridge.session.AccessTokens}) with its key pair when Hasura's type is
 * asymmetric ({@link dev.authbridge.session.AccessTokenKey}, PEM read by {@code PemKeys})
 * or generated and rotated for a {@code jwk_url} ({@link dev.authbridge.session.KeyRing}
 * in memory, the rotation's decisions in {@link dev.authbridge.session.SigningKeys}), and
 * Hasura's own JWT configuration that fixes their claims layout. Pure: no I/O, no Spring;
 * called by the web actions, and by {@code db} for the stored keys.
 */
package dev.authbridge.session;
