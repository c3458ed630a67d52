package dev.authbridge.session;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;

/**
 * When generated keys are made, start signing and stop being published, built around how
 * Hasura refreshes a {@code jwk_url}: it fetches the set again only when its copy expires
 * ({@code Cache-Control: max-age}), never on an unknown {@code kid}. So a new key is
 * published a {@link #publicationDelay()} before it signs: every copy of the set that a
 * verifier holds when the key's first token arrives was fetched after the key was served
 * by every instance. A key another has superseded stays published for
 * {@link #retention()} after it stopped signing: its last token expires in that time, and
 * a copy of the set fetched until then still holds the key.
 *
 * @param algorithm what new keys are made for: RS256, ES256 or EdDSA
 * @param rotation {@code AUTH_JWT_ROTATION}: how long after a key was made the next is
 * made
 * @param publicationDelay from a key's publication to its first signature
 * @param retention from a key's last signature to its unpublication
 */
public record RotationPolicy(JWSAlgorithm algorithm, Duration rotation, Duration publicationDelay, Duration retention) {

	/**
	 * The policy for keys that {@code jwksMaxAge} lets verifiers cache, whose tokens live
	 * {@code tokenMaxAge}, and which every instance reloads every {@code reloadInterval}.
	 * <ul>
	 * <li>publication delay = reload interval + JWKS max-age + access token max-age: the
	 * last instance serves the key after one reload, the last copy without it expires a
	 * max-age later; the token lifetime on top is slack for clocks that differ between
	 * hosts;</li>
	 * <li>retention = access token max-age + JWKS max-age + reload interval: the last
	 * token signed by a key expires a token lifetime after its successor took over; the
	 * rest is the same slack.</li>
	 * </ul>
	 */
	public static RotationPolicy of(JWSAlgorithm algorithm, Duration rotation, Duration jwksMaxAge,
			Duration tokenMaxAge, Duration reloadInterval) {
		Duration delay = reloadInterval.plus(jwksMaxAge).plus(tokenMaxAge);
		return new RotationPolicy(algorithm, rotation, delay, tokenMaxAge.plus(jwksMaxAge).plus(reloadInterval));
	}

}
