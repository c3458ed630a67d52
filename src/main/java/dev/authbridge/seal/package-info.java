/**
 * Claims sealed into a compact JWE under a key derived from AUTH_SECRET, for whatever the
 * bridge hands out and must read back without keeping it: the sign-in flow cookie, the
 * development provider's codes and access tokens. Any package may call it; it calls
 * nothing of the bridge's.
 */
package dev.authbridge.seal;
