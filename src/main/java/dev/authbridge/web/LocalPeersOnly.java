package dev.authbridge.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Lets only peers on this machine through to the development pages (the development
 * provider, the demo page, the mail outbox): the connection's own address must be
 * loopback. {@code Host} and {@code X-Forwarded-*} count for nothing; they are never
 * applied while these pages are on, since {@code AUTH_TRUST_HOST} turns them off. Anyone
 * else gets a 403 that says why, as if the pages were for another machine, which they
 * are.
 */
public final class LocalPeersOnly implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		InetSocketAddress peer = request.exchange().getRequest().getRemoteAddress();
		InetAddress address = peer == null ? null : peer.getAddress();
		if (address != null && address.isLoopbackAddress()) {
			return next.handle(request);
		}
		return Responses.error(HttpStatus.FORBIDDEN, "local_only", "Development sign-in, the demo page and the "
				+ "development outbox answer only requests from the machine the bridge runs on; configure a real "
				+ "provider (and AUTH_EMAIL_SERVER) to use the bridge from elsewhere.");
	}

}
