/**
 * The routes Reactor Netty answers itself, ahead of WebFlux, for the requests SPAs make
 * most: the two they poll, with the actions' own answers ({@code web.actions}), and the
 * GraphQL proxy's POST, under its rules ({@code GraphQlProxyRules}), forwarded through
 * {@code hasura}'s gateway; all with the headers of {@code web}'s
 * {@code ResponseHeaders}, exactly as WebFlux would send them. Depends on those, and
 * nothing but the composition root depends on it.
 */
package dev.authbridge.web.hotpath;
