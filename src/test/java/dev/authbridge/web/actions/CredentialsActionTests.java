package dev.authbridge.web.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;

/**
 * The address the per-client attempt limit counts against. The sign-up and sign-in flows
 * themselves run end to end in {@code journeys/}.
 */
class CredentialsActionTests {

	@Test
	void clientWhenConnectedDirectlyThenThePeerAddress() {
		MockServerRequest request = MockServerRequest.builder()
			.remoteAddress(new InetSocketAddress("198.51.100.20", 51234))
			.build();
		assertThat(CredentialsAction.client(request)).isEqualTo("198.51.100.20");
	}

	@Test
	void clientWhenForwardedByTrustedProxyThenTheForwardedClientNotOneSharedKey() {
		// an unresolved address, as Spring's ForwardedHeaderTransformer leaves a
		// forwarded one
		MockServerRequest forwarded = MockServerRequest.builder()
			.remoteAddress(InetSocketAddress.createUnresolved("203.0.113.7", 0))
			.build();
		MockServerRequest another = MockServerRequest.builder()
			.remoteAddress(InetSocketAddress.createUnresolved("203.0.113.8", 0))
			.build();
		assertThat(CredentialsAction.client(forwarded)).isEqualTo("203.0.113.7");
		assertThat(CredentialsAction.client(another)).isEqualTo("203.0.113.8");
	}

	@Test
	void clientWhenIpv6ThenItsSlash64SoOneSubscriberIsOneKey() {
		MockServerRequest one = MockServerRequest.builder()
			.remoteAddress(new InetSocketAddress("2001:db8:1:2::7", 443))
			.build();
		MockServerRequest sameNetwork = MockServerRequest.builder()
			.remoteAddress(InetSocketAddress.createUnresolved("2001:db8:1:2:aaaa::9", 0))
			.build();
		assertThat(CredentialsAction.client(one)).isEqualTo("2001:db8:1:2::/64")
			.isEqualTo(CredentialsAction.client(sameNetwork));
	}

	@Test
	void clientWhenNoAddressThenUnknown() {
		assertThat(CredentialsAction.client(MockServerRequest.builder().build())).isEqualTo("unknown");
	}

}
