package dev.authbridge.net;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses as forwarded headers carry them, and as rate limits count them. Only
 * address literals are read: a host name is refused, never looked up, so no header can
 * make the bridge query DNS.
 */
public final class IpAddresses {

	/**
	 * Nothing after the address, or a port as some proxies append it
	 * ({@code 192.0.2.7:4711}).
	 */
	private static final Pattern PORT = Pattern.compile("(:\\d{1,5})?");

	/** Longer than any address with brackets, zone and port: not worth parsing. */
	private static final int MAX_LENGTH = 64;

	private IpAddresses() {
	}

	/**
	 * The address {@code text} names: IPv4 ({@code 192.0.2.7}), IPv6
	 * ({@code 2001:db8::7}), either in brackets or with a port
	 * ({@code [2001:db8::7]:443}, {@code 192.0.2.7:4711}); IPv4-mapped IPv6 reads as its
	 * IPv4 address. Empty for anything else: host names, {@code unknown}, RFC 7239's
	 * obfuscated identifiers ({@code _hidden}).
	 */
	public static Optional<InetAddress> literal(String text) {
		if (text == null || text.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		String host = text.strip();
		int colon = host.indexOf(':');
		if (host.startsWith("[")) {
			int end = host.indexOf(']');
			if (end < 0 || !PORT.matcher(host.substring(end + 1)).matches()) {
				return Optional.empty();
			}
			host = host.substring(1, end);
		}
		else if (colon >= 0 && colon == host.lastIndexOf(':')) {
			if (!PORT.matcher(host.substring(colon)).matches()) {
				return Optional.empty();
			}
			host = host.substring(0, colon);
		}
		return address(host);
	}

	/**
	 * The address {@code host} spells out, with no brackets and no port; empty for
	 * anything else.
	 */
	public static Optional<InetAddress> address(String host) {
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
		if (bytes == null) {
			return Optional.empty();
		}
		try {
			// bytes only: no lookup, and an IPv4-mapped IPv6 address comes back as the
			// IPv4 one
			return Optional.of(InetAddress.getByAddress(bytes));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	/**
	 * What per-address rate limits count {@code address} as: an IPv4 address itself, an
	 * IPv6 address by its /64. One IPv6 subscriber is usually given a /64 or more (RFC
	 * 6177), so counting single IPv6 addresses would give one client 2^64 allowances.
	 */
	public static String rateLimitKey(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return address.getHostAddress();
		}
		byte[] bytes = address.getAddress();
		StringBuilder prefix = new StringBuilder();
		for (int group = 0; group < 4; group++) {
			prefix.append(Integer.toHexString(((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff)))
				.append(':');
		}
		return prefix.append(":/64").toString();
	}

}
