package dev.authbridge.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|',
			value = { "203.0.113.7 | 203.0.113.7", "' 203.0.113.7 ' | 203.0.113.7", "203.0.113.7:4711 | 203.0.113.7",
					"2001:db8::7 | 2001:db8:0:0:0:0:0:7", "[2001:db8::7] | 2001:db8:0:0:0:0:0:7",
					"[2001:db8::7]:443 | 2001:db8:0:0:0:0:0:7", "::ffff:203.0.113.7 | 203.0.113.7",
					"::1 | 0:0:0:0:0:0:0:1", "fe80::1%eth0 | fe80:0:0:0:0:0:0:1" })
	void literalWhenAddressThenParsed(String text, String address) {
		assertThat(IpAddresses.literal(text)).map(InetAddress::getHostAddress).contains(address);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "unknown", "localhost", "example.com", "_hidden", "203.0.113", "256.0.0.1",
			"0x7f.0.0.1", "203.0.113.7:port", "203.0.113.7:123456", "[2001:db8::7", "[2001:db8::7]x",
			"[2001:db8::7]:443:1", "2001:db8::7::1", "203.0.113.7/24", "\"203.0.113.7\"",
			"1234567890123456789012345678901234567890123456789012345678901234567890" })
	void literalWhenNotAnAddressThenEmptyAndNoLookup(String text) {
		assertThat(IpAddresses.literal(text)).isEmpty();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|',
			value = { "203.0.113.7 | 203.0.113.7", "2001:db8:1:2:3:4:5:6 | 2001:db8:1:2::/64",
					"2001:db8:1:2:ffff:ffff:ffff:ffff | 2001:db8:1:2::/64", "2001:db8:1:3::1 | 2001:db8:1:3::/64",
					"::1 | 0:0:0:0::/64", "::ffff:203.0.113.7 | 203.0.113.7" })
	void rateLimitKeyWhenIpv6ThenItsSlash64AndIpv4AsItIs(String address, String key) {
		assertThat(IpAddresses.rateLimitKey(IpAddresses.literal(address).orElseThrow())).isEqualTo(key);
	}

}
