package dev.authbridge.web;

import dev.authbridge.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who sent a request that came through proxies: the rightmost hop that is not a
 * {@link TrustedProxies trusted proxy}. Each proxy appends the address it was connected
 * from (nginx's {@code $proxy_add_x_forwarded_for}, AWS ALB), so an entry is only as good
 * as the hop to its right that wrote it: walking from the connection's peer leftwards,
 * every entry written by a trusted proxy is true, and the first hop that is no trusted
 * proxy is the client. What lies left of it the client wrote itself, so the leftmost
 * entry, which anyone can set, never decides.
 *
 * <p>
 * When the walk finds no such hop (every hop is a trusted proxy, or an entry is not an
 * address), the client is the peer: the one address no header can forge. A peer in a
 * trusted range could otherwise name any address left of itself and so pick its own
 * rate-limit bucket; the cost is that clients inside the trusted ranges share their
 * proxy's bucket, which {@code AUTH_TRUSTED_PROXIES} listing only the proxies avoids.
 *
 * <p>
 * {@code X-Forwarded-For} is read, and RFC 7239's {@code Forwarded: for=} when no
 * {@code X-Forwarded-For} came: the proxies in front of the bridge (nginx, HAProxy,
 * Envoy, Traefik, the cloud load balancers) append to {@code X-Forwarded-For}, and pass
 * on a {@code Forwarded} header that the client made up as it is.
 */
public final class ClientAddressResolver {

	private final TrustedProxies proxies;

	public ClientAddressResolver(TrustedProxies proxies) {
		this.proxies = proxies;
	}

	/**
	 * The client of a request from {@code peer} with these header values (each a header
	 * line, in the order received).
	 */
	public InetAddress resolve(InetAddress peer, List<String> xForwardedFor, List<String> forwarded) {
		if (!this.proxies.contains(peer)) {
			return peer;
		}
		List<String> hops = xForwardedFor.isEmpty() ? forwardedFor(forwarded) : entries(xForwardedFor);
		for (int i = hops.size() - 1; i >= 0; i--) {
			Optional<InetAddress> hop = IpAddresses.literal(hops.get(i));
			if (hop.isEmpty()) {
				return peer;
			}
			if (!this.proxies.contains(hop.get())) {
				return hop.get();
			}
		}
		return peer;
	}

	/**
	 * The comma-separated entries of every line, in order; an empty entry stays, as no
	 * address.
	 */
	private static List<String> entries(List<String> lines) {
		List<String> entries = new ArrayList<>();
		for (String line : lines) {
			for (String entry : line.split(",", -1)) {
				entries.add(entry.strip());
			}
		}
		return entries;
	}

	/**
	 * The {@code for=} node of each forwarded element (RFC 7239 §4, §6), unquoted; an
	 * element without one is a hop of unknown address.
	 */
	private static List<String> forwardedFor(List<String> lines) {
		List<String> nodes = new ArrayList<>();
		for (String element : entries(lines)) {
			String node = "";
			for (String pair : element.split(";")) {
				int eq = pair.indexOf('=');
				if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
					node = unquote(pair.substring(eq + 1).strip());
				}
			}
			nodes.add(node);
		}
		return nodes;
	}

	private static String unquote(String value) {
		return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
				? value.substring(1, value.length() - 1) : value;
	}

}
