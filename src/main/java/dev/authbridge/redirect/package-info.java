/**
 * The public base URL and the callbackUrl policy that keeps every redirect on allowed
 * origins. Pure; no Spring.
 */
package dev.authbridge.redirect;
