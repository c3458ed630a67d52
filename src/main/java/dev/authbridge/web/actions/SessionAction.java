package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.metrics.SessionMetrics;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.AccessTokens.AccessToken;
import dev.authbridge.session.InvalidTokenException;
import dev.authbridge.session.Session;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.session.SignedSession;
import dev.authbridge.user.SessionUser;
import dev.authbridge.web.Responses;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/session}, the hot path SPAs poll: the signed-in user, the session expiry and a fresh access
 * token for Hasura; {@code {}} when signed out, and the cookie cleared when it does not verify or its user signed out
 * everywhere since. No I/O: one HMAC check, one map lookup ({@link SessionRevocations}), one HMAC signature, and a
 * second one only when the session is due to roll.
 */
public final class SessionAction {

	/** NextAuth's {@code expires} format: {@code Date.toISOString()}, always with milliseconds. */
	static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final InvalidTokenException SIGNED_OUT_EVERYWHERE = new InvalidTokenException(
			"signed_out_everywhere");

	private static final Log logger = LogFactory.getLog(SessionAction.class);

	private final SessionTokens sessions;

	private final AccessTokens accessTokens;

	private final AuthCookies cookies;

	private final SessionMetrics metrics;

	private final SessionRevocations revocations;

	public SessionAction(SessionTokens sessions, AccessTokens accessTokens, AuthCookies cookies,
			SessionMetrics metrics, SessionRevocations revocations) {
		this.sessions = sessions;
		this.revocations = revocations;
		this.accessTokens = accessTokens;
		this.cookies = cookies;
		this.metrics = metrics;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		String token = AuthCookies.first(request.cookies(), this.cookies.sessionName());
		if (token == null) {
			this.metrics.signedOut();
			return signedOut(null);
		}
		Session session;
		try {
			session = this.sessions.verify(token);
		}
		catch (InvalidTokenException ex) {
			logger.debug("Session cookie rejected: " + ex.getMessage());
			this.metrics.rejected(ex);
			return signedOut(this.cookies.expired(this.cookies.sessionName()));
		}
		if (this.revocations.revoked(session)) {
			this.metrics.rejected(SIGNED_OUT_EVERYWHERE);
			return signedOut(this.cookies.expired(this.cookies.sessionName()));
		}
		this.metrics.signedIn();
		Optional<SignedSession> rolled = this.sessions.rollIfDue(session);
		Instant expires = rolled.map(SignedSession::expiresAt).orElse(session.expiresAt());
		SessionUser user = session.user();
		AccessToken accessToken = this.accessTokens.issue(user, expires);
		ServerResponse.BodyBuilder response = ok();
		rolled.ifPresent(signed -> response.cookie(this.cookies.session(signed.token(), this.sessions.maxAge())));
		return response.bodyValue(new SessionView(new UserView(user.id(), user.name(), user.email(), user.image()),
				ISO.format(expires), accessToken.token(), ISO.format(accessToken.expiresAt())));
	}

	private Mono<ServerResponse> signedOut(ResponseCookie clear) {
		ServerResponse.BodyBuilder response = ok();
		if (clear != null) {
			response.cookie(clear);
		}
		return response.bodyValue(Map.of());
	}

	private static ServerResponse.BodyBuilder ok() {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).headers(Responses::noStore);
	}

	record SessionView(UserView user, String expires, String accessToken, String accessTokenExpires) {
	}

	record UserView(String id, String name, String email, String image) {
	}

}
