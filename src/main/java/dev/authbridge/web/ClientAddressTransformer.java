package dev.authbridge.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Spring's {@link ForwardedHeaderTransformer} (public host, scheme, port and prefix from
 * the forwarded headers, which it then removes), with the client address from the
 * {@link ClientAddressResolver} in place of Spring's choice, the leftmost
 * {@code X-Forwarded-For} entry, which the client sets itself when its proxy appends.
 * Every route sees the resolved client as {@code remoteAddress}.
 */
public final class ClientAddressTransformer extends ForwardedHeaderTransformer {

	private final ClientAddressResolver clients;

	public ClientAddressTransformer(ClientAddressResolver clients) {
		this.clients = clients;
	}

	@Override
	public ServerHttpRequest apply(ServerHttpRequest request) {
		InetSocketAddress peer = request.getRemoteAddress();
		HttpHeaders headers = request.getHeaders();
		InetAddress client = peer == null || peer.getAddress() == null ? null : this.clients.resolve(peer.getAddress(),
				headers.getOrEmpty("X-Forwarded-For"), headers.getOrEmpty("Forwarded"));
		ServerHttpRequest applied = super.apply(request);
		if (client == null) {
			return applied;
		}
		InetSocketAddress address = client.equals(peer.getAddress()) ? peer : new InetSocketAddress(client, 0);
		return applied == request && address == peer ? applied : applied.mutate().remoteAddress(address).build();
	}

}
