/**
 * The signed double-submit CSRF token NextAuth clients fetch from {@code /api/auth/csrf}.
 * Pure; no Spring.
 */
package dev.authbridge.csrf;
