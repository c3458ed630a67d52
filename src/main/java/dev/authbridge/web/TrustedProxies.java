package dev.authbridge.web;

import dev.authbridge.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code AUTH_TRUSTED_PROXIES}: the address ranges (CIDR, comma-separated) whose
 * forwarded headers are believed. By default loopback (127.0.0.0/8, ::1), RFC 1918's
 * private IPv4 ranges and IPv6 unique local addresses (fc00::/7, RFC 4193), as Rails'
 * {@code ActionDispatch::RemoteIp} trusts: a proxy in front of the bridge is usually on
 * the same host or network.
 */
public final class TrustedProxies {

	private final List<Range> ranges;

	private TrustedProxies(List<Range> ranges) {
		this.ranges = ranges;
	}

	/**
	 * The ranges of {@code entries} (blank ones skipped), each {@code address/prefix} or
	 * a single address; each entry that is not goes to {@code problems} as one line.
	 */
	public static TrustedProxies parse(List<String> entries, List<String> problems) {
		List<Range> ranges = new ArrayList<>();
		for (String entry : entries) {
			if (entry.isBlank()) {
				continue;
			}
			Range.parse(entry.strip())
				.ifPresentOrElse(ranges::add, () -> problems.add("AUTH_TRUSTED_PROXIES entry \"" + entry.strip()
						+ "\" is not an address range: "
						+ "list CIDRs such as 10.0.0.0/8 or 2001:db8::/32 (or single addresses), separated by commas"));
		}
		return new TrustedProxies(List.copyOf(ranges));
	}

	/** Whether {@code address} is in one of the ranges. */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		return this.ranges.stream().anyMatch(range -> range.contains(bytes));
	}

	/**
	 * One CIDR block: the network's bytes and how many leading bits of an address must
	 * equal them.
	 */
	private record Range(byte[] network, int prefix) {

		static Optional<Range> parse(String cidr) {
			int slash = cidr.indexOf('/');
			String address = slash < 0 ? cidr : cidr.substring(0, slash);
			if (address.startsWith("[") || address.contains("%")) {
				return Optional.empty();
			}
			return IpAddresses.address(address).flatMap(network -> {
				int bits = network.getAddress().length * 8;
				if (slash < 0) {
					return Optional.of(new Range(network.getAddress(), bits));
				}
				String length = cidr.substring(slash + 1);
				if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
					return Optional.empty();
				}
				return Optional.of(new Range(network.getAddress(), Integer.parseInt(length)));
			});
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			for (int bit = 0; bit < this.prefix; bit++) {
				int mask = 0x80 >>> (bit % 8);
				if ((address[bit / 8] & mask) != (this.network[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

	}

}
