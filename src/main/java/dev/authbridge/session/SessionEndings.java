package dev.authbridge.session;

import reactor.core.publisher.Mono;

/**
 * Tells every instance that one session signed out, so that whatever they hold open for
 * it (the GraphQL proxy's WebSockets) closes at once: this instance through
 * {@link SessionRevocations#ended}, the others through PostgreSQL when
 * {@code DATABASE_URL} is set. Nothing is kept about the session: its cookie is gone from
 * the browser that signed out.
 */
@FunctionalInterface
public interface SessionEndings {

	/**
	 * Tells this instance only: without a database there is no way to reach the others.
	 */
	static SessionEndings local(SessionRevocations revocations) {
		return sessionId -> Mono.fromRunnable(() -> revocations.ended(sessionId));
	}

	/**
	 * Tells this instance, then the others; completes once they are told, or fails when
	 * they could not be (this instance is told all the same).
	 * @param sessionId the session's token id ({@code jti})
	 */
	Mono<Void> announce(String sessionId);

}
