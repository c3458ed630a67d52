/**
 * Work an instance begins at startup and requests depend on (OIDC discovery, schema
 * migrations): a request that arrives while it is still in flight waits for it instead of
 * failing. Pure Reactor; used by {@code login} and {@code db}, and knows neither.
 */
package dev.authbridge.startup;
