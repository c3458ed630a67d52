/**
 * The bridge's own Prometheus meters ({@code authbridge_*} at
 * {@code /actuator/prometheus}): sign-ins by provider and outcome,
 * {@code /api/auth/session} answers and token rejections. Counters are registered once,
 * at startup, so the hot path only increments one it looks up by a fixed key. Called by
 * the actions; the composition root builds them.
 */
package dev.authbridge.metrics;
