package dev.authbridge.web.socket;

import dev.authbridge.hasura.HasuraSocketGateway;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.AccessTokens.AccessToken;
import dev.authbridge.session.Session;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.web.RequestIds;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What every relay of one bridge shares: Hasura, the tokens, the revocations and the
 * limits.
 *
 * @param gateway Hasura's WebSocket
 * @param accessTokens mints the tokens Hasura gets
 * @param revocations this instance's knowledge of sign-outs
 * @param sockets the open sockets, for revocations to reach
 * @param pings the one timer that pings them all
 * @param timeout {@code AUTH_HASURA_PROXY_TIMEOUT}: the longest wait for a client's
 * {@code connection_init}
 * @param maxMessage {@code AUTH_HASURA_PROXY_MAX_BODY}: the largest client message
 * @param clock the clock tokens and sessions are timed by
 */
record SocketContext(HasuraSocketGateway gateway, AccessTokens accessTokens, SessionRevocations revocations,
		OpenSockets sockets, SocketPings pings, Duration timeout, int maxMessage, Clock clock) {

	/** A fresh access token for {@code session}'s user. */
	AccessToken accessToken(Session session) {
		return this.accessTokens.issue(session.user(), session.expiresAt(), session.epoch());
	}

	/**
	 * Whether {@code session} (if any) has ended or been revoked since it was verified.
	 */
	boolean revoked(Session session) {
		return session != null
				&& (this.revocations.revoked(session) || !session.expiresAt().isAfter(this.clock.instant()));
	}

	/** The headers of the handshake with Hasura. */
	Map<String, String> headers(String requestId) {
		return Map.of(RequestIds.HEADER, requestId);
	}

}
