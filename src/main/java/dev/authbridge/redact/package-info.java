/**
 * How a value holding a secret prints: {@link dev.authbridge.redact.Redacted} writes a
 * record's {@code toString} with its secrets masked, so that a record logged whole, or
 * shown in a failure message, gives none away. Any package may call it; it calls nothing
 * of the bridge's.
 */
package dev.authbridge.redact;
