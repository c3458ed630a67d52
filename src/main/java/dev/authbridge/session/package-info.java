/**
 * Token issue and verification with nimbus-jose-jwt: the session cookie
 * ({@link dev.authbridge.session.SessionTokens}), the access token Hasura verifies
 * ({@link dev.authbridge.session.AccessTokens}), and Hasura's own JWT configuration that
 * fixes their claims layout. Pure: no I/O, no Spring; called by the web actions.
 */
package dev.authbridge.session;
