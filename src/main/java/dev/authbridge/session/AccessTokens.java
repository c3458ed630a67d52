package dev.authbridge.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import dev.authbridge.redact.Redacted;
import dev.authbridge.user.SessionUser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The short-lived token SPAs send to Hasura as {@code Authorization: Bearer}: signed with
 * the key, algorithm and claims layout of {@code HASURA_GRAPHQL_JWT_SECRET}, never
 * outliving the session it came from. Only this token is meant for JavaScript; the
 * session itself stays in its HttpOnly cookie.
 */
public final class AccessTokens {

	private final Jws.Signer signer;

	private final HasuraClaims hasuraClaims;

	private final Duration maxAge;

	private final Clock clock;

	public AccessTokens(HasuraJwtConfig hasura, Duration maxAge, Clock clock) {
		JWSHeader header = new JWSHeader.Builder(hasura.algorithm()).type(JOSEObjectType.JWT).build();
		try {
			this.signer = new Jws.Signer(header, hasura.key().getBytes(StandardCharsets.UTF_8));
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("HASURA_GRAPHQL_JWT_SECRET key is too short", ex);
		}
		this.hasuraClaims = new HasuraClaims(hasura);
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/**
	 * A fresh access token for {@code user} that expires no later than {@code notAfter},
	 * the session's end.
	 */
	public AccessToken issue(SessionUser user, Instant notAfter) {
		Instant expiresAt = this.clock.instant().plus(this.maxAge).truncatedTo(ChronoUnit.SECONDS);
		if (expiresAt.isAfter(notAfter)) {
			expiresAt = notAfter;
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("sub", user.id());
		this.hasuraClaims.write(payload, user);
		payload.put("iat", Jws.issuedAt(this.clock).getEpochSecond());
		payload.put("exp", expiresAt.getEpochSecond());
		return new AccessToken(this.signer.sign(payload), expiresAt);
	}

	/**
	 * @param token the compact JWS
	 * @param expiresAt its {@code exp}
	 */
	public record AccessToken(String token, Instant expiresAt) {

		@Override
		public String toString() {
			return Redacted.toString(this, "token");
		}

	}

}
