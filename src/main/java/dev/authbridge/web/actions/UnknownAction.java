package dev.authbridge.web.actions;

import dev.authbridge.web.Responses;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Any other {@code /api/auth/…} path or method: 400, as NextAuth answers an action it
 * does not support.
 */
public final class UnknownAction {

	public Mono<ServerResponse> handle(ServerRequest request) {
		return Responses.error(HttpStatus.BAD_REQUEST, "UnknownAction",
				"This action with HTTP " + request.method().name() + " is not supported.");
	}

}
