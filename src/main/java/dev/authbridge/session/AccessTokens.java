package dev.authbridge.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import dev.authbridge.redact.Redacted;
import dev.authbridge.user.SessionUser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The short-lived token SPAs send to Hasura as {@code Authorization: Bearer}: signed with
 * the key, algorithm and claims layout of {@code HASURA_GRAPHQL_JWT_SECRET}, never
 * outliving the session it came from. Only this token is meant for JavaScript; the
 * session itself stays in its HttpOnly cookie. It carries the session's epoch, as the
 * cookie does, so that the auth webhook can refuse it after a sign-out everywhere.
 */
public final class AccessTokens {

	/** Longest token looked at: the claims are a handful of short strings. */
	static final int MAX_TOKEN_LENGTH = 8192;

	private final Jws.Signer hmacSigner;

	private final KeyRing keys;

	private final Jws.SignatureCheck check;

	private final JWSAlgorithm pinned;

	private final HasuraJwtConfig hasura;

	private final HasuraClaims hasuraClaims;

	private final Duration maxAge;

	private final Clock clock;

	/** Tokens signed with the shared key of an HMAC {@code hasura} configuration. */
	public AccessTokens(HasuraJwtConfig hasura, Duration maxAge, Clock clock) {
		this(hasura, (KeyRing) null, maxAge, clock);
	}

	/**
	 * @param key the key pair of an asymmetric {@code hasura} configuration, or
	 * {@code null} for its shared HMAC key
	 */
	public AccessTokens(HasuraJwtConfig hasura, AccessTokenKey key, Duration maxAge, Clock clock) {
		this(hasura, key == null ? null : KeyRing.of(key), maxAge, clock);
	}

	/**
	 * @param keys the key pairs of an asymmetric {@code hasura} configuration, or
	 * {@code null} for its shared HMAC key
	 */
	public AccessTokens(HasuraJwtConfig hasura, KeyRing keys, Duration maxAge, Clock clock) {
		this.keys = keys;
		if (keys != null) {
			this.hmacSigner = null;
			this.check = keys::verify;
			// with jwk_url, any key of the set in any of its algorithms, as Hasura takes
			// them; with a static key, the configured type alone
			this.pinned = hasura.jwkUrl() == null ? hasura.algorithm() : null;
		}
		else {
			JWSHeader header = new JWSHeader.Builder(hasura.algorithm()).type(JOSEObjectType.JWT).build();
			try {
				this.hmacSigner = new Jws.Signer(header, hasura.key().getBytes(StandardCharsets.UTF_8));
				MACVerifier verifier = new MACVerifier(hasura.key().getBytes(StandardCharsets.UTF_8));
				this.check = jws -> jws.verify(verifier);
			}
			catch (JOSEException ex) {
				throw new IllegalArgumentException("HASURA_GRAPHQL_JWT_SECRET key is too short", ex);
			}
			this.pinned = hasura.algorithm();
		}
		this.hasura = hasura;
		this.hasuraClaims = new HasuraClaims(hasura);
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/**
	 * A fresh access token for {@code user}, outside any session (epoch 0), that expires
	 * no later than {@code notAfter}.
	 * @throws KeysUnavailableException while rotating keys are not loaded yet
	 */
	public AccessToken issue(SessionUser user, Instant notAfter) {
		return issue(user, notAfter, 0);
	}

	/**
	 * A fresh access token for {@code user} of a session at {@code epoch} that expires no
	 * later than {@code notAfter}, the session's end.
	 * @throws KeysUnavailableException while rotating keys are not loaded yet
	 */
	public AccessToken issue(SessionUser user, Instant notAfter, long epoch) {
		Instant expiresAt = this.clock.instant().plus(this.maxAge).truncatedTo(ChronoUnit.SECONDS);
		if (expiresAt.isAfter(notAfter)) {
			expiresAt = notAfter;
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("sub", user.id());
		this.hasuraClaims.write(payload, user);
		payload.put("iat", Jws.issuedAt(this.clock).getEpochSecond());
		payload.put("exp", expiresAt.getEpochSecond());
		if (epoch > 0) {
			payload.put(SessionTokens.EPOCH, epoch);
		}
		Jws.Signer signer = this.keys == null ? this.hmacSigner : this.keys.signer(this.clock.instant());
		return new AccessToken(signer.sign(payload), expiresAt);
	}

	/**
	 * The identity in an access token, checked as Hasura checks it under the same
	 * configuration (algorithm, key, {@code exp}, {@code iss}, {@code aud}, the claims at
	 * their place and in their format), or why it must not be honoured.
	 */
	public HasuraIdentity verify(String token) throws InvalidTokenException {
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidTokenException("too_large");
		}
		Map<String, Object> claims = Jws.verified(token, this.pinned, this.check).getPayload().toJSONObject();
		if (claims == null) {
			throw new InvalidTokenException("malformed");
		}
		Instant now = this.clock.instant();
		Instant expiresAt = Jws.instant(claims.get("exp"));
		if (!now.isBefore(expiresAt)) {
			throw new InvalidTokenException("expired");
		}
		if (claims.get("iat") != null && Jws.instant(claims.get("iat")).isAfter(now.plus(SessionTokens.CLOCK_SKEW))) {
			throw new InvalidTokenException("issued_in_future");
		}
		if (this.hasura.issuer() != null && !this.hasura.issuer().equals(claims.get("iss"))) {
			throw new InvalidTokenException("bad_claim_iss");
		}
		if (!this.hasura.audience().isEmpty() && !audienceMatches(claims.get("aud"))) {
			throw new InvalidTokenException("bad_claim_aud");
		}
		if (!(claims.get("sub") instanceof String subject) || subject.isBlank()) {
			throw new InvalidTokenException("bad_claim_sub");
		}
		return new HasuraIdentity(subject, this.hasuraClaims.read(claims, subject), expiresAt,
				Jws.epoch(claims.get(SessionTokens.EPOCH)));
	}

	/**
	 * Whether tokens can be issued now; false only while rotating keys are not loaded
	 * yet.
	 */
	public boolean ready() {
		return this.keys == null || this.keys.loaded();
	}

	/**
	 * Completes when tokens can be issued, or once the first attempt to load the keys is
	 * over (bounded), whichever comes first.
	 */
	public Mono<Void> whenReady() {
		return this.keys == null ? Mono.empty() : this.keys.firstLoad();
	}

	/**
	 * Hasura's rule: the token's {@code aud} (one or many) names a configured audience.
	 */
	private boolean audienceMatches(Object aud) {
		List<?> given = aud instanceof List<?> many ? many : aud == null ? List.of() : List.of(aud);
		return given.stream().anyMatch(this.hasura.audience()::contains);
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
