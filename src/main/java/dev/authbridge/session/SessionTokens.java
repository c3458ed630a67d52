package dev.authbridge.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import dev.authbridge.user.SessionUser;
import dev.authbridge.user.SessionUser.HasuraRoles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;

/**
 * The long-lived session in the {@code authbridge.session-token} cookie: an HS256 JWS
 * that carries the user and their roles, signed with a key derived from AUTH_SECRET for
 * this one use. It is never a token Hasura accepts: neither its key (not
 * {@code HASURA_GRAPHQL_JWT_SECRET}'s, whatever that says) nor its claims ({@code role}
 * and {@code roles}, no {@code x-hasura-*}) are Hasura's. A 30-day token Hasura honoured
 * would outlive every revocation; Hasura gets the short-lived access token instead, or
 * identity through the bridge.
 *
 * <p>
 * Verification pins HS256 and the key: {@code alg: none}, any other algorithm, another
 * key, a missing or past {@code exp}, an {@code iat} in the future and malformed claims
 * are all rejected. Rolling re-signs only a session older than the update age, not on
 * every request as NextAuth does.
 */
public final class SessionTokens {

	/** What the session key is derived from AUTH_SECRET for. */
	public static final String KEY_PURPOSE = "session";

	/** Longest token looked at; a real session is well under 1 KiB. */
	static final int MAX_TOKEN_LENGTH = 4096;

	/** Tolerated clock difference between instances for {@code iat}. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	/** The private claim with the user's session epoch at sign-in; absent means 0. */
	static final String EPOCH = "authbridge_epoch";

	/**
	 * The private claim with when the user's address was proved, in seconds since the
	 * epoch as {@code iat}; absent when it was not, and in every cookie signed before the
	 * bridge knew it, which therefore still reads as not proved.
	 */
	static final String EMAIL_VERIFIED = "authbridge_email_verified";

	/** The claim with the user's default role. */
	static final String ROLE = "role";

	/** The claim with every role the user may take, the default role first. */
	static final String ROLES = "roles";

	private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

	private final Jws.Signer signer;

	private final MACVerifier verifier;

	private final Mac key;

	/**
	 * Headers of tokens that passed {@link #verifyThoroughly}, so the next ones with them
	 * can take the short way.
	 */
	private final Jws.HeaderCache checkedHeaders = new Jws.HeaderCache();

	private final Duration maxAge;

	private final Duration updateAge;

	private final Clock clock;

	/**
	 * @param key at least 32 bytes, used for sessions only (derived from AUTH_SECRET for
	 * this purpose)
	 */
	public SessionTokens(byte[] key, Duration maxAge, Duration updateAge, Clock clock) {
		try {
			this.signer = new Jws.Signer(HEADER, key);
			this.verifier = new MACVerifier(key);
			this.key = Jws.keyedMac(JWSAlgorithm.HS256, key);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("the session key is too short for HS256", ex);
		}
		this.maxAge = maxAge;
		this.updateAge = updateAge;
		this.clock = clock;
	}

	/**
	 * Signs a new session for {@code user}, at epoch 0 (no sign-out-everywhere recorded).
	 */
	public SignedSession issue(SessionUser user) {
		return issue(user, 0);
	}

	/** Signs a new session for {@code user}, whose session epoch is {@code epoch} now. */
	public SignedSession issue(SessionUser user, long epoch) {
		return sign(user, UUID.randomUUID().toString(), epoch);
	}

	/** The session in {@code token}, or why it must not be honoured. */
	public Session verify(String token) throws InvalidTokenException {
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidTokenException("too_large");
		}
		Map<String, Object> claims = Jws.claimsIfPlainlyValid(token, this.key, this.checkedHeaders);
		return session(claims != null ? claims : verifyThoroughly(token));
	}

	/**
	 * Nimbus's parse and MAC check, for a token that did not pass the short way (an
	 * unknown header, a bad MAC, anything malformed): it names what is wrong, and a good
	 * token's header is learnt.
	 */
	private Map<String, Object> verifyThoroughly(String token) throws InvalidTokenException {
		JWSObject jws = Jws.verified(token, JWSAlgorithm.HS256, this.verifier);
		if (!canonical(token, jws.getSignature())) {
			throw new InvalidTokenException("malformed");
		}
		Map<String, Object> claims = jws.getPayload().toJSONObject();
		if (claims == null) {
			throw new InvalidTokenException("malformed");
		}
		JWSHeader header = jws.getHeader();
		if ((header.getCriticalParams() == null || header.getCriticalParams().isEmpty())
				&& header.isBase64URLEncodePayload()) {
			this.checkedHeaders.learn(token.substring(0, token.indexOf('.')));
		}
		return claims;
	}

	private Session session(Map<String, Object> claims) throws InvalidTokenException {
		Instant now = this.clock.instant();
		Instant expiresAt = Jws.instant(claims.get("exp"));
		Instant issuedAt = Jws.instant(claims.get("iat"));
		if (!now.isBefore(expiresAt)) {
			throw new InvalidTokenException("expired");
		}
		if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
			throw new InvalidTokenException("issued_in_future");
		}
		String subject = text(claims, "sub", true);
		if (subject.isBlank()) {
			throw new InvalidTokenException("bad_claim_sub");
		}
		SessionUser user = new SessionUser(subject, text(claims, "name", false), text(claims, "email", false),
				text(claims, "picture", false), text(claims, "provider", true), roles(claims), emailVerified(claims));
		return new Session(user, issuedAt, expiresAt, text(claims, "jti", true), Jws.epoch(claims.get(EPOCH)));
	}

	/**
	 * The session re-signed with a new expiry when older than the update age; empty while
	 * it is fresh.
	 */
	public Optional<SignedSession> rollIfDue(Session session) {
		if (Duration.between(session.issuedAt(), this.clock.instant()).compareTo(this.updateAge) < 0) {
			return Optional.empty();
		}
		return Optional.of(sign(session.user(), session.id(), session.epoch()));
	}

	/** How long a session issued or rolled now lives: the cookie's Max-Age. */
	public Duration maxAge() {
		return this.maxAge;
	}

	private SignedSession sign(SessionUser user, String id, long epoch) {
		Instant issuedAt = Jws.issuedAt(this.clock);
		Instant expiresAt = this.clock.instant().plus(this.maxAge).truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("sub", user.id());
		putIfPresent(payload, "name", user.name());
		putIfPresent(payload, "email", user.email());
		putIfPresent(payload, "picture", user.image());
		payload.put("provider", user.provider());
		payload.put(ROLE, user.roles().defaultRole());
		payload.put(ROLES, user.roles().allowed());
		payload.put("iat", issuedAt.getEpochSecond());
		payload.put("exp", expiresAt.getEpochSecond());
		payload.put("jti", id);
		if (user.emailVerified() != null) {
			payload.put(EMAIL_VERIFIED, user.emailVerified().getEpochSecond());
		}
		if (epoch > 0) {
			payload.put(EPOCH, epoch);
		}
		return new SignedSession(this.signer.sign(payload), expiresAt);
	}

	private static void putIfPresent(Map<String, Object> payload, String name, String value) {
		if (value != null) {
			payload.put(name, value);
		}
	}

	/**
	 * Whether {@code token} is the one way to write its JWS: nimbus trims surrounding
	 * whitespace, and base64url leaves unused bits in a MAC's last character that
	 * decoding ignores, so other strings carry the same signature. Only the string the
	 * bridge signed is honoured.
	 */
	private static boolean canonical(String token, Base64URL signature) {
		return token.charAt(0) > ' ' && token.charAt(token.length() - 1) > ' '
				&& signature.toString().equals(Base64URL.encode(signature.decode()).toString());
	}

	private static HasuraRoles roles(Map<String, Object> claims) throws InvalidTokenException {
		String defaultRole = text(claims, ROLE, true);
		if (defaultRole.isBlank() || !(claims.get(ROLES) instanceof List<?> roles)
				|| !roles.stream().allMatch(String.class::isInstance)) {
			throw new InvalidTokenException("bad_claim_roles");
		}
		return new HasuraRoles(defaultRole, roles.stream().map(String.class::cast).toList());
	}

	private static Instant emailVerified(Map<String, Object> claims) throws InvalidTokenException {
		Object value = claims.get(EMAIL_VERIFIED);
		if (value == null) {
			return null;
		}
		try {
			return Jws.instant(value);
		}
		catch (InvalidTokenException ex) {
			throw new InvalidTokenException("bad_claim_email_verified");
		}
	}

	private static String text(Map<String, Object> claims, String name, boolean required) throws InvalidTokenException {
		Object value = claims.get(name);
		if (value instanceof String s && !s.isEmpty()) {
			return s;
		}
		if (value == null && !required) {
			return null;
		}
		throw new InvalidTokenException("bad_claim_" + name);
	}

}
