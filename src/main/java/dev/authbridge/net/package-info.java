/**
 * IP address literals read without a lookup, and how rate limits count an address: a tiny
 * pure helper that {@code redirect} (is {@code AUTH_URL} on loopback?) and {@code web}
 * (the client behind trusted proxies) share.
 */
package dev.authbridge.net;
