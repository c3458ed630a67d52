/**
 * E-mail + password accounts, the Hasura tutorial's passport server done reactively:
 * sign-up and sign-in ({@link dev.authbridge.credentials.CredentialsLogin}), sign-up that
 * proves the address by mail ({@link dev.authbridge.credentials.EmailVerification}),
 * password reset, the mailed single-use tokens and send limits they share
 * ({@link dev.authbridge.credentials.MailedTokens}), the password policy and hashing,
 * e-mail normalisation and the attempt limits. Called by the credentials actions in
 * {@code web.actions}; stores through {@code db}.
 */
package dev.authbridge.credentials;
