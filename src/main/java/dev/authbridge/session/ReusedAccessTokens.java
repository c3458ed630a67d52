package dev.authbridge.session;

import dev.authbridge.session.AccessTokens.AccessToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The access tokens handed out on a session cookie's behalf, to SPAs by
 * {@code /api/auth/session} and to Hasura by the same-origin GraphQL proxy: one per
 * cookie, reused while at least half of its life is left (and two minutes), since signing
 * a fresh one for every poll or GraphQL request would cost more than the rest of the
 * answer (an RSA signature alone is about half a millisecond of CPU). Only the signature
 * is saved: every request's cookie is checked afresh ({@link LiveSessions}), so a session
 * signed out everywhere, or whose roles changed, gets no token from the very next request
 * on, cached or not. A token carries nothing but what its cookie says (user, roles,
 * epoch, end), so the cookie is its key; a rolled cookie is a new key.
 *
 * <p>
 * Bounded: past {@link #MAX_ENTRIES} cookies the map is emptied and refills with the
 * sessions still in use, which only costs each of them one more signature.
 */
public final class ReusedAccessTokens {

	/** Cookies remembered at most: about 10 MB of cookies and tokens. */
	static final int MAX_ENTRIES = 10_000;

	/**
	 * The least life a reused token has left. A client renews its token some time before
	 * it expires ({@code client.js}: one minute); were it handed the same token again, it
	 * would ask again at its every use. So short-lived tokens (under four minutes) are
	 * never reused.
	 */
	static final Duration RENEWAL_MARGIN = Duration.ofMinutes(2);

	private final LiveSessions sessions;

	private final AccessTokens accessTokens;

	private final Duration reuse;

	private final Clock clock;

	private final ConcurrentMap<String, AccessToken> issued = new ConcurrentHashMap<>();

	/**
	 * @param maxAge the tokens' lifetime ({@code AUTH_ACCESS_TOKEN_MAX_AGE}): a token is
	 * reused while more than half of it, and more than {@link #RENEWAL_MARGIN}, is left
	 */
	public ReusedAccessTokens(LiveSessions sessions, AccessTokens accessTokens, Duration maxAge, Clock clock) {
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		Duration half = maxAge.dividedBy(2);
		this.reuse = (half.compareTo(RENEWAL_MARGIN) > 0) ? half : RENEWAL_MARGIN;
		this.clock = clock;
	}

	/**
	 * An access token for the user of session cookie {@code cookie}, or {@code null} when
	 * there is no cookie or it must not be honoured (the request goes on signed out).
	 * @throws KeysUnavailableException while rotating keys are not loaded yet
	 */
	public String forCookie(String cookie) {
		Session session = this.sessions.orSignedOut(cookie);
		return (session != null) ? forSession(cookie, session, session.expiresAt()).token() : null;
	}

	/**
	 * The access token for {@code session}, whose cookie {@code cookie} the caller has
	 * just verified, ending by {@code expires} at the latest.
	 * @throws KeysUnavailableException while rotating keys are not loaded yet
	 */
	public AccessToken forSession(String cookie, Session session, Instant expires) {
		AccessToken token = this.issued.get(cookie);
		if (token == null || !this.clock.instant().plus(this.reuse).isBefore(token.expiresAt())) {
			token = this.accessTokens.issue(session.user(), expires, session.epoch());
			if (this.issued.size() >= MAX_ENTRIES) {
				this.issued.clear();
			}
			this.issued.put(cookie, token);
		}
		return token;
	}

}
