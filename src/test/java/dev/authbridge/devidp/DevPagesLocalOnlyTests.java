package dev.authbridge.devidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.authbridge.RawHttp;
import dev.authbridge.RawHttp.Answer;
import dev.authbridge.devidp.DevIdpTest.FreePort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The development provider and the demo page answer only this machine, judged by the
 * connection's address. The "other machine" is a connection to this machine's own address
 * on its network (e.g. eth0's): the server sees it come from that address, not from
 * loopback, as it sees a peer on the LAN. {@code Host} and {@code X-Forwarded-For}
 * claiming loopback change nothing; loopback itself, with any {@code Host}, is let
 * through.
 */
@DevIdpTest
public class DevPagesLocalOnlyTests {

	static final List<String> FORGED = List.of("Host: 127.0.0.1:" + FreePort.PORT, "X-Forwarded-For: 127.0.0.1",
			"X-Forwarded-Host: localhost:" + FreePort.PORT, "Forwarded: for=127.0.0.1;host=localhost");

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/dev-idp/.well-known/openid-configuration", "/dev-idp/jwks",
			"/dev-idp/authorize?client_id=authbridge-dev&response_type=code&scope=openid", "/dev-idp/userinfo", "/" })
	void devPageWhenPeerOnAnotherMachineThen403WhateverTheHeadersSay(String target) {
		InetAddress network = networkAddress();
		for (List<String> headers : List.of(List.<String>of(), FORGED, List.of("Host: 203.0.113.7:3000"))) {
			Answer answer = RawHttp.send(network, FreePort.PORT, "GET", target, headers, null);
			assertThat(answer.status()).as("%s with %s", target, headers).isEqualTo(403);
			assertThat(answer.body()).contains("\"error\":\"local_only\"");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/dev-idp/authorize", "/dev-idp/token", "/dev-idp/userinfo" })
	void devEndpointPostWhenPeerOnAnotherMachineThen403(String target) {
		Answer answer = RawHttp.send(networkAddress(), FreePort.PORT, "POST", target,
				List.of("Content-Type: application/x-www-form-urlencoded"), "login=ceo%40company.example");
		assertThat(answer.status()).isEqualTo(403);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "localhost", "203.0.113.7" })
	void devPageWhenPeerOnThisMachineThenServedWhateverTheHost(String host) {
		Answer answer = RawHttp.send(InetAddress.getLoopbackAddress(), FreePort.PORT, "GET",
				"/dev-idp/.well-known/openid-configuration", List.of("Host: " + host + ":" + FreePort.PORT), null);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("\"issuer\":\"" + FreePort.URL + "/dev-idp\"");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/auth/providers", "/api/auth/csrf" })
	void apiWhenPeerOnAnotherMachineThenServed(String target) {
		assertThat(RawHttp.send(networkAddress(), FreePort.PORT, "GET", target, List.of(), null).status())
			.isEqualTo(200);
	}

	/**
	 * An address of this machine on a network, where the server, listening on every
	 * interface, also answers.
	 */
	public static InetAddress networkAddress() {
		try {
			return NetworkInterface.networkInterfaces()
				.filter(DevPagesLocalOnlyTests::up)
				.flatMap(NetworkInterface::inetAddresses)
				.filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
						&& !address.isLinkLocalAddress())
				.findFirst()
				.orElseGet(() -> fail("this machine has no IPv4 address besides loopback to connect from"));
		}
		catch (SocketException ex) {
			return fail("cannot list network interfaces", ex);
		}
	}

	private static boolean up(NetworkInterface face) {
		try {
			return face.isUp() && !face.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
