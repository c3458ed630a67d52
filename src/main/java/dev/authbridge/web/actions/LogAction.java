package dev.authbridge.web.actions;

import java.util.Map;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/auth/_log}: where {@code next-auth/react} reports client-side errors.
 * Acknowledged and dropped: browser-supplied text has no place in the server log.
 */
public final class LogAction {

	public Mono<ServerResponse> handle(ServerRequest request) {
		return request.bodyToMono(Void.class).then(ServerResponse.ok().bodyValue(Map.of()));
	}

}
