/**
 * One class per {@code /api/auth/<action>}, NextAuth's actions: each reads the request,
 * calls the pure packages (session, csrf, redirect, provider) and writes the response.
 * Routed by the composition root.
 */
package dev.authbridge.web.actions;
