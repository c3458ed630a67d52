package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.net.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTests {

	/** What application.yaml gives AUTH_TRUSTED_PROXIES when it is not set. */
	static final List<String> DEFAULT = List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12",
			"192.168.0.0/16", "fc00::/7");

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource({ "127.0.0.1, true", "127.255.0.9, true", "::1, true", "10.9.8.7, true", "172.16.0.1, true",
			"172.31.255.255, true", "172.32.0.1, false", "192.168.1.1, true", "192.169.1.1, false",
			"fd12:3456::1, true", "fc00::1, true", "fe80::1, false", "203.0.113.7, false", "2001:db8::1, false",
			"::ffff:10.1.2.3, true", "::2, false" })
	void containsWhenDefaultRangesThenLoopbackAndPrivateOnly(String address, boolean trusted) {
		TrustedProxies proxies = TrustedProxies.parse(DEFAULT, new ArrayList<>());

		assertThat(proxies.contains(IpAddresses.literal(address).orElseThrow())).isEqualTo(trusted);
	}

	@Test
	void containsWhenSingleAddressesAndOddPrefixesThenExactly() {
		TrustedProxies proxies = TrustedProxies.parse(List.of(" 198.51.100.10 ", "", "2001:db8:aa::/48", "0.0.0.0/0"),
				new ArrayList<>());
		TrustedProxies one = TrustedProxies.parse(List.of("198.51.100.10", "198.51.100.64/26"), new ArrayList<>());

		assertThat(proxies.contains(IpAddresses.literal("2001:db8:aa:ffff::1").orElseThrow())).isTrue();
		assertThat(proxies.contains(IpAddresses.literal("2001:db8:ab::1").orElseThrow())).isFalse();
		assertThat(proxies.contains(IpAddresses.literal("8.8.8.8").orElseThrow())).as("0.0.0.0/0").isTrue();
		assertThat(one.contains(IpAddresses.literal("198.51.100.10").orElseThrow())).isTrue();
		assertThat(one.contains(IpAddresses.literal("198.51.100.11").orElseThrow())).isFalse();
		assertThat(one.contains(IpAddresses.literal("198.51.100.127").orElseThrow())).isTrue();
		assertThat(one.contains(IpAddresses.literal("198.51.100.128").orElseThrow())).isFalse();
	}

	@Test
	void parseWhenNothingListedThenNoProxyTrusted() {
		List<String> problems = new ArrayList<>();

		TrustedProxies none = TrustedProxies.parse(List.of(""), problems);

		assertThat(problems).isEmpty();
		assertThat(none.contains(IpAddresses.literal("127.0.0.1").orElseThrow())).isFalse();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0/8",
			"proxy.internal", "10.0.0.1:80", "[::1]/128", "fe80::1%eth0/64", "10.0.0.0/x", "10.0.0.0/0008" })
	void parseWhenEntryNoRangeThenOneProblemLineNamingIt(String entry) {
		List<String> problems = new ArrayList<>();

		TrustedProxies.parse(List.of("127.0.0.0/8", entry), problems);

		assertThat(problems).singleElement()
			.asString()
			.startsWith("AUTH_TRUSTED_PROXIES entry \"" + entry + "\" is not an address range")
			.doesNotContain("\n");
	}

}
