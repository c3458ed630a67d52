package dev.authbridge.session;

import dev.authbridge.redact.Redacted;
import java.time.Instant;

/**
 * A generated key as PostgreSQL keeps it: the public half as a JWK, the private half
 * sealed with a key derived from {@code AUTH_SECRET}, and its times.
 *
 * @param kid its RFC 7638 thumbprint
 * @param alg its JWS algorithm
 * @param publicJwk its public JWK, JSON
 * @param sealedPrivate the key pair, sealed ({@link SigningKeys})
 * @param createdAt when it was made and published
 * @param signsFrom when it starts signing
 * @param unpublishAt when it leaves the JWK Set, once a newer key took over; {@code null}
 * while none did
 */
public record SealedKey(String kid, String alg, String publicJwk, String sealedPrivate, Instant createdAt,
		Instant signsFrom, Instant unpublishAt) {

	@Override
	public String toString() {
		return Redacted.toString(this, "sealedPrivate");
	}

}
