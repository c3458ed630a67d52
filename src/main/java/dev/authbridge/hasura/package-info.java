/**
 * Hasura, the outbound system: the shadow-user upsert that turns a signed-in profile into
 * a session user ({@link dev.authbridge.hasura.HasuraUserDirectory}) and the startup
 * check that Hasura accepts the bridge's tokens
 * ({@link dev.authbridge.hasura.HasuraSelfCheck}), both through
 * {@link dev.authbridge.hasura.HasuraGateway}; and the same-origin GraphQL proxy's raw
 * forward of a client's request ({@link dev.authbridge.hasura.HasuraProxyGateway}, plain
 * HTTP, no GraphQL client). The only package that imports spring-graphql and the only one
 * that calls Hasura; only the composition root builds it.
 */
package dev.authbridge.hasura;
