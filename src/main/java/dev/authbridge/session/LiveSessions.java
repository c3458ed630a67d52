package dev.authbridge.session;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one check of a session cookie for requests that act as its user without answering
 * {@code /api/auth/session}: Hasura's auth webhook and the same-origin GraphQL proxy. A
 * cookie counts when it verifies ({@link SessionTokens#verify}) and its user has not
 * signed out everywhere (or lost a role) since it was signed
 * ({@link SessionRevocations}), so a revocation is honoured on the next request. No I/O:
 * one HMAC check, one map lookup.
 */
public final class LiveSessions {

	private static final InvalidTokenException SIGNED_OUT_EVERYWHERE = new InvalidTokenException(
			"signed_out_everywhere");

	private static final Log logger = LogFactory.getLog(LiveSessions.class);

	private final SessionTokens sessions;

	private final SessionRevocations revocations;

	public LiveSessions(SessionTokens sessions, SessionRevocations revocations) {
		this.sessions = sessions;
		this.revocations = revocations;
	}

	/**
	 * The session in cookie value {@code token} (none: {@code null}), or {@code null}
	 * when it must not be honoured, which is logged at DEBUG: the request then goes on
	 * signed out.
	 */
	public Session orSignedOut(String token) {
		if (token == null) {
			return null;
		}
		try {
			return verify(token);
		}
		catch (InvalidTokenException ex) {
			logger.debug("Session cookie rejected, going on signed out: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * The session in cookie value {@code token}, or why it must not be honoured.
	 */
	public Session verify(String token) throws InvalidTokenException {
		Session session = this.sessions.verify(token);
		if (this.revocations.revoked(session)) {
			throw SIGNED_OUT_EVERYWHERE;
		}
		return session;
	}

}
