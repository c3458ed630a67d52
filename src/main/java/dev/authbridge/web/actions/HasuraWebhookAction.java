package dev.authbridge.web.actions;

import dev.authbridge.session.AccessTokens;
import dev.authbridge.session.HasuraIdentity;
import dev.authbridge.session.InvalidTokenException;
import dev.authbridge.session.LiveSessions;
import dev.authbridge.session.SessionRevocations;
import dev.authbridge.web.Responses;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET|POST /api/auth/hasura-webhook}, Hasura's auth webhook
 * ({@code HASURA_GRAPHQL_AUTH_HOOK}, either {@code HASURA_GRAPHQL_AUTH_HOOK_MODE}): turns
 * the client's forwarded session cookie, or its {@code Authorization: Bearer} access
 * token, into Hasura's session variables, honouring revocation as
 * {@code /api/auth/session} does.
 *
 * <p>
 * Hasura knows two answers: 200 with the session variables as a JSON object of strings
 * (and {@code Cache-Control}/{@code Expires} there for how long it may keep them), or
 * 401; it turns any other status into a 500 for its client. So whatever arrives, this
 * answers one of those two: signed out, a bad token, a revoked session or an unreadable
 * body all read as no credentials.
 */
public final class HasuraWebhookAction {

	static final String USER_ID = "X-Hasura-User-Id";

	static final String ROLE = "X-Hasura-Role";

	private static final Log logger = LogFactory.getLog(HasuraWebhookAction.class);

	private static final String BEARER = "Bearer ";

	private final LiveSessions sessions;

	private final AccessTokens accessTokens;

	private final String sessionCookie;

	private final SessionRevocations revocations;

	private final String anonymousRole;

	private final Duration maxAge;

	private final Clock clock;

	/**
	 * @param sessionCookie the session cookie's name
	 * @param anonymousRole the role of a client without valid credentials, or
	 * {@code null} to refuse it (401)
	 * @param maxAge the longest Hasura may keep an answer: how late a revocation may
	 * reach it
	 */
	public HasuraWebhookAction(LiveSessions sessions, AccessTokens accessTokens, String sessionCookie,
			SessionRevocations revocations, String anonymousRole, Duration maxAge, Clock clock) {
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.sessionCookie = sessionCookie;
		this.revocations = revocations;
		this.anonymousRole = anonymousRole;
		this.maxAge = maxAge;
		this.clock = clock;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		Mono<ForwardedHeaders> headers = HttpMethod.POST.equals(request.method())
				? ForwardedHeaders.fromBody(request.body(BodyExtractors.toDataBuffers()))
				: Mono.just(ForwardedHeaders.of(request.headers().asHttpHeaders()));
		return headers.map(this::decide).onErrorResume(ex -> {
			logger.warn("Hasura webhook request not judged, answered as signed out: " + ex);
			return Mono.just(signedOut());
		}).flatMap(HasuraWebhookAction::answer);
	}

	/**
	 * The session variables for a client with {@code headers}, and how long they hold;
	 * {@code null} variables for a 401.
	 */
	Verdict decide(ForwardedHeaders headers) {
		HasuraIdentity identity = identify(headers);
		if (identity == null) {
			return signedOut();
		}
		String requested = headers.first(ROLE);
		if (requested != null && !identity.roles().allowed().contains(requested)) {
			return Verdict.UNAUTHORIZED;
		}
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put(USER_ID, identity.userId());
		variables.put(ROLE, requested != null ? requested : identity.roles().defaultRole());
		Duration left = Duration.between(this.clock.instant(), identity.expiresAt());
		return new Verdict(variables, Math.max(0, Math.min(this.maxAge.toSeconds(), left.toSeconds())));
	}

	/**
	 * The identity behind the client's credentials, or {@code null}: an
	 * {@code Authorization: Bearer} access token when the client sent one (judged alone,
	 * as Hasura in JWT mode would), else the session cookie; either refused when its user
	 * signed out everywhere (or lost a role) after it was signed.
	 */
	private HasuraIdentity identify(ForwardedHeaders headers) {
		String authorization = headers.first(HttpHeaders.AUTHORIZATION);
		try {
			if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
				HasuraIdentity identity = this.accessTokens.verify(authorization.substring(BEARER.length()).strip());
				return this.revocations.revoked(identity.userId(), identity.epoch()) ? null : identity;
			}
			String cookie = headers.cookie(this.sessionCookie);
			return cookie == null ? null : HasuraIdentity.of(this.sessions.verify(cookie));
		}
		catch (InvalidTokenException ex) {
			logger.debug("Hasura webhook credentials rejected: " + ex.getMessage());
			return null;
		}
	}

	private Verdict signedOut() {
		return this.anonymousRole == null ? Verdict.UNAUTHORIZED
				: new Verdict(Map.of(ROLE, this.anonymousRole), this.maxAge.toSeconds());
	}

	/**
	 * 200 with the variables and Hasura's {@code Cache-Control} in the body, the same
	 * lifetime in the header ({@code private}: the answer depends on the client's
	 * credentials); or 401.
	 */
	private static Mono<ServerResponse> answer(Verdict verdict) {
		if (verdict.variables() == null) {
			return ServerResponse.status(HttpStatus.UNAUTHORIZED)
				.contentType(MediaType.APPLICATION_JSON)
				.headers(Responses::noStore)
				.bodyValue(Map.of("error", "Unauthorized"));
		}
		String cacheControl = "max-age=" + verdict.maxAge();
		Map<String, String> body = new LinkedHashMap<>(verdict.variables());
		body.put(HttpHeaders.CACHE_CONTROL, cacheControl);
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "private, " + cacheControl)
			.bodyValue(body);
	}

	/**
	 * @param variables Hasura's session variables, or {@code null} for a 401
	 * @param maxAge how many seconds Hasura may keep them
	 */
	record Verdict(Map<String, String> variables, long maxAge) {

		static final Verdict UNAUTHORIZED = new Verdict(null, 0);

	}

}
