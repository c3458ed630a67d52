/**
 * The routes Reactor Netty answers itself, ahead of WebFlux, for the two requests SPAs
 * poll: the actions' own answers ({@code web.actions}) with the headers of {@code web}'s
 * {@code ResponseHeaders}, exactly as WebFlux would send them. Depends on both, and
 * nothing but the composition root depends on it.
 */
package dev.authbridge.web.hotpath;
