/**
 * Hasura, the outbound system: the shadow-user upsert that turns a signed-in profile into
 * a session user ({@link dev.authbridge.hasura.HasuraUserDirectory}) and the startup
 * check that Hasura accepts the bridge's tokens
 * ({@link dev.authbridge.hasura.HasuraSelfCheck}), both through
 * {@link dev.authbridge.hasura.HasuraGateway}. The only package that imports
 * spring-graphql; only the composition root builds it.
 */
package dev.authbridge.hasura;
