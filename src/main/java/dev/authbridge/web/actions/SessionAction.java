package dev.authbridge.web.actions;

import dev.authbridge.cookie.AuthCookies;
import dev.authbridge.metrics.SessionMetrics;
import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.AccessTokens.AccessToken;
import dev.authbridge.session.ReusedAccessTokens;
import dev.authbridge.session.InvalidTokenException;
import dev.authbridge.session.KeysUnavailableException;
import dev.authbridge.session.Session;
import dev.authbridge.session.LiveSessions;
import dev.authbridge.session.SessionTokens;
import dev.authbridge.session.SignedSession;
import dev.authbridge.user.SessionUser;
import dev.authbridge.web.Json;
import dev.authbridge.web.Responses;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/auth/session}, the hot path SPAs poll: the signed-in user, the session
 * expiry and a fresh access token for Hasura; {@code {}} when signed out, and the cookie
 * cleared when it does not verify or its user signed out everywhere since. No I/O: one
 * HMAC check, one map lookup ({@link SessionRevocations}), one signature, and a second
 * one only when the session is due to roll. With rotating keys, a signed-in request that
 * comes before they are loaded waits for the first attempt to load them (bounded), and
 * then, should they still be missing, gets 503 with {@code Retry-After}.
 */
public final class SessionAction {

	/**
	 * NextAuth's {@code expires} format: {@code Date.toISOString()}, always with
	 * milliseconds.
	 */
	static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final String EMPTY = "{}";

	private static final Answer SIGNED_OUT = new Answer(EMPTY, null);

	/** Seconds a client waits before asking again while the signing keys are missing. */
	public static final String RETRY_AFTER = "5";

	/**
	 * The answer, with {@link #RETRY_AFTER}, of a request that needs the signing keys
	 * while they are not loaded yet: here and at {@code /api/auth/jwks}.
	 */
	static final String KEYS_UNAVAILABLE_JSON = "{\"error\":\"KeysUnavailable\",\"message\":\"The access token "
			+ "signing keys are not loaded yet; try again in a few seconds.\"}";

	private static final Answer KEYS_UNAVAILABLE = new Answer(KEYS_UNAVAILABLE_JSON, null,
			HttpStatus.SERVICE_UNAVAILABLE.value());

	private static final Log logger = LogFactory.getLog(SessionAction.class);

	private final SessionTokens sessions;

	private final AccessTokens accessTokens;

	private final ReusedAccessTokens reused;

	private final AuthCookies cookies;

	private final SessionMetrics metrics;

	private final LiveSessions live;

	public SessionAction(SessionTokens sessions, LiveSessions live, AccessTokens accessTokens,
			ReusedAccessTokens reused, AuthCookies cookies, SessionMetrics metrics) {
		this.sessions = sessions;
		this.live = live;
		this.accessTokens = accessTokens;
		this.reused = reused;
		this.cookies = cookies;
		this.metrics = metrics;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		String token = AuthCookies.first(request.cookies(), this.cookies.sessionName());
		Mono<Answer> answer = ready() ? Mono.just(answer(token)) : answerWhenReady(token);
		return answer.flatMap(SessionAction::response);
	}

	private static Mono<ServerResponse> response(Answer answer) {
		ServerResponse.BodyBuilder response = ServerResponse.status(answer.status())
			.contentType(MediaType.APPLICATION_JSON)
			.headers(Responses::noStore);
		if (answer.retryLater()) {
			response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER);
		}
		if (answer.cookie() != null) {
			response.cookie(answer.cookie());
		}
		return response.bodyValue(answer.body());
	}

	/**
	 * Whether {@link #answer} can be called now: false only while rotating keys are not
	 * loaded yet, when {@link #answerWhenReady} waits for them.
	 */
	public boolean ready() {
		return this.accessTokens.ready();
	}

	/**
	 * {@link #answer}, once the first attempt to load the signing keys is over (bounded).
	 */
	public Mono<Answer> answerWhenReady(String token) {
		return this.accessTokens.whenReady().then(Mono.fromSupplier(() -> answer(token)));
	}

	/**
	 * The answer to a request whose session cookie is {@code token} ({@code null} when it
	 * has none): the same for the WebFlux route and the server's own route for the hot
	 * path ({@code HotPathRoutes}).
	 */
	public Answer answer(String token) {
		if (token == null) {
			this.metrics.signedOut();
			return SIGNED_OUT;
		}
		Session session;
		try {
			session = this.live.verify(token);
		}
		catch (InvalidTokenException ex) {
			logger.debug("Session cookie rejected: " + ex.getMessage());
			this.metrics.rejected(ex);
			return new Answer(EMPTY, this.cookies.expired(this.cookies.sessionName()));
		}
		this.metrics.signedIn();
		Optional<SignedSession> rolled = this.sessions.rollIfDue(session);
		Instant expires = rolled.map(SignedSession::expiresAt).orElse(session.expiresAt());
		SessionUser user = session.user();
		AccessToken accessToken;
		try {
			accessToken = this.reused.forSession(token, session, expires);
		}
		catch (KeysUnavailableException ex) {
			return KEYS_UNAVAILABLE;
		}
		ResponseCookie cookie = rolled.map(signed -> this.cookies.session(signed.token(), this.sessions.maxAge()))
			.orElse(null);
		return new Answer(json(user, expires, accessToken), cookie);
	}

	/**
	 * {@code {"user":{id,name,email,image,emailVerified},"expires","accessToken","accessTokenExpires"}},
	 * NextAuth's shape; {@code emailVerified} (NextAuth's adapter field: an ISO time or
	 * {@code null}) comes from the cookie, as everything here.
	 */
	static String json(SessionUser user, Instant expires, AccessToken accessToken) {
		StringBuilder out = new StringBuilder(160 + accessToken.token().length());
		out.append("{\"user\":{\"id\":");
		Json.string(out, user.id()).append(",\"name\":");
		Json.string(out, user.name()).append(",\"email\":");
		Json.string(out, user.email()).append(",\"image\":");
		Json.string(out, user.image()).append(",\"emailVerified\":");
		if (user.emailVerified() == null) {
			out.append("null");
		}
		else {
			ISO.formatTo(user.emailVerified(), out.append('"'));
			out.append('"');
		}
		out.append("},\"expires\":\"");
		ISO.formatTo(expires, out);
		out.append("\",\"accessToken\":");
		Json.string(out, accessToken.token()).append(",\"accessTokenExpires\":\"");
		ISO.formatTo(accessToken.expiresAt(), out);
		return out.append("\"}").toString();
	}

	/**
	 * @param json the body
	 * @param cookie the session cookie to set (rolled) or clear, or {@code null}
	 * @param status the HTTP status: 200, or 503 while the signing keys are missing
	 */
	public record Answer(String json, ResponseCookie cookie, int status) {

		Answer(String json, ResponseCookie cookie) {
			this(json, cookie, HttpStatus.OK.value());
		}

		/**
		 * Whether the client should ask again after {@link SessionAction#RETRY_AFTER}.
		 */
		public boolean retryLater() {
			return this.status == HttpStatus.SERVICE_UNAVAILABLE.value();
		}

		/**
		 * {@link #json} in UTF-8, as written (bytes, so that no JSON encoder quotes the
		 * string once more).
		 */
		public byte[] body() {
			return this.json.getBytes(StandardCharsets.UTF_8);
		}

	}

}
