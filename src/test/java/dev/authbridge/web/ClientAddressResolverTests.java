package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client behind proxies, with the default trusted ranges (loopback and private). Each
 * case: the connection's peer, the {@code X-Forwarded-For} lines ({@code |} between
 * lines, {@code -} for none), the {@code Forwarded} lines, and the client, separated by
 * {@code #}.
 */
class ClientAddressResolverTests {

	private final ClientAddressResolver resolver = new ClientAddressResolver(
			TrustedProxies.parse(TrustedProxiesTests.DEFAULT, new ArrayList<>()));

	@ParameterizedTest(name = "{0}: {2} from {1} -> {4}")
	@CsvSource(delimiter = '#', value = {
			// the proxy appends the address it was connected from; what the client sent
			// stays left of it
			"appended by nginx on the host # 127.0.0.1 # 203.0.113.9 # - # 203.0.113.9",
			"spoofed leftmost, appended # 127.0.0.1 # 10.9.1.2, 203.0.113.9 # - # 203.0.113.9",
			"spoofed public leftmost, appended # 127.0.0.1 # 198.51.100.1, 203.0.113.9 # - # 203.0.113.9",
			"two trusted proxies # 10.0.0.2 # 198.51.100.1, 203.0.113.9, 10.0.0.1 # - # 203.0.113.9",
			"several header lines, in order # 10.0.0.2 # 198.51.100.1 | 203.0.113.9, 10.0.0.1 # - # 203.0.113.9",
			"untrusted hop between proxies # 10.0.0.2 # 203.0.113.9, 198.51.100.7, 10.0.0.1 # - # 198.51.100.7",
			// a peer outside the trusted ranges is the client, whatever it claims
			"peer not a proxy # 203.0.113.50 # 198.51.100.1 # - # 203.0.113.50",
			"peer not a proxy, claiming loopback # 203.0.113.50 # 127.0.0.1 # - # 203.0.113.50",
			// nothing outside the trusted ranges, or an entry no address: the peer, which
			// no header forges
			"all trusted, as in issue 14 # 127.0.0.1 # 10.9.1.2, 127.0.0.1 # - # 127.0.0.1",
			"all trusted, internal client # 10.0.0.2 # 192.168.1.20 # - # 10.0.0.2",
			"no header from a proxy # 127.0.0.1 # - # - # 127.0.0.1",
			"garbage next to the peer # 127.0.0.1 # 203.0.113.9, unknown # - # 127.0.0.1",
			"garbage behind a proxy # 127.0.0.1 # 198.51.100.1, garbage, 10.0.0.1 # - # 127.0.0.1",
			"garbage left of the client # 127.0.0.1 # garbage, 203.0.113.9 # - # 203.0.113.9",
			"host name, never looked up # 127.0.0.1 # evil.example.com # - # 127.0.0.1",
			"empty entry # 127.0.0.1 # 203.0.113.9, # - # 127.0.0.1",
			// ports and brackets as proxies write them
			"IPv4 with a port # 127.0.0.1 # 203.0.113.9:51234 # - # 203.0.113.9",
			"IPv6 client # ::1 # 2001:db8:1:2::77 # - # 2001:db8:1:2:0:0:0:77",
			"IPv6 in brackets with a port # 127.0.0.1 # [2001:db8::77]:443 # - # 2001:db8:0:0:0:0:0:77",
			"IPv6 proxy in a unique local range # fd00::2 # 203.0.113.9, fd00::1 # - # 203.0.113.9",
			"IPv4-mapped peer # ::ffff:127.0.0.1 # 203.0.113.9 # - # 203.0.113.9",
			// RFC 7239, when no X-Forwarded-For came
			"Forwarded for # 127.0.0.1 # - # for=203.0.113.9;proto=https # 203.0.113.9",
			"Forwarded, spoofed first element # 127.0.0.1 # - # for=10.9.1.2, For=\"[2001:db8::77]:4711\" # "
					+ "2001:db8:0:0:0:0:0:77",
			"Forwarded obfuscated node # 127.0.0.1 # - # for=_hidden # 127.0.0.1",
			"Forwarded element without for # 127.0.0.1 # - # for=203.0.113.9, proto=https # 127.0.0.1",
			"X-Forwarded-For wins over Forwarded # 127.0.0.1 # 203.0.113.9 # for=198.51.100.1 # 203.0.113.9" })
	void resolveWhenChainThenRightmostHopOutsideTheTrustedRanges(String name, String peer, String xForwardedFor,
			String forwarded, String client) {
		InetAddress resolved = this.resolver.resolve(address(peer), lines(xForwardedFor), lines(forwarded));

		assertThat(resolved.getHostAddress()).isEqualTo(client);
	}

	private static InetAddress address(String text) {
		return IpAddresses.literal(text).orElseThrow();
	}

	private static List<String> lines(String text) {
		return "-".equals(text) ? List.of() : Arrays.asList(text.split("\\|"));
	}

}
