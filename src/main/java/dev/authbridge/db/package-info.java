/**
 * PostgreSQL through R2DBC, for the features that need durable state shared by every
 * instance: credential accounts, per-user roles, session epochs (sign out everywhere),
 * ended sessions, the sign-in and sign-up attempt counters and the access tokens'
 * generated signing keys ({@link dev.authbridge.db.SigningKeyRotation}), all in schema
 * {@code auth}, and the listener that hears every instance's revocations through
 * PostgreSQL's {@code LISTEN}/{@code NOTIFY}. The only package that imports R2DBC; its
 * stores answer {@link dev.authbridge.db.DatabaseUnavailableException} when PostgreSQL
 * cannot be reached, so callers can answer 503 while everything else keeps working. Only
 * the composition root builds it, and only when {@code DATABASE_URL} is set.
 */
package dev.authbridge.db;
