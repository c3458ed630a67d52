package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.RawHttp.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behind a proxy ({@code AUTH_TRUST_HOST=true}, the default
 * {@code AUTH_TRUSTED_PROXIES}): the per-address sign-in limit counts the client the
 * proxy saw, the rightmost {@code X-Forwarded-For} hop outside the trusted ranges, so
 * that rotating what the client itself puts in the header (the leftmost entries) buys no
 * more guesses.
 */
class ForwardedClientTests {

	static final int PER_ADDRESS = 20;

	@AutoClose
	static BridgeInstance bridge;

	@BeforeAll
	static void behindAProxy() throws Exception {
		bridge = Accounts.bridge("AUTH_TRUST_HOST=true");
	}

	@Test
	void signinWhenLeftmostForwardedEntryRotatesThenTheAppendedClientIsLimited() {
		Burst client = new Burst(bridge.port());
		// what nginx's $proxy_add_x_forwarded_for makes of a client at 203.0.113.9 that
		// sends its own header
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < PER_ADDRESS + 3; i++) {
			statuses.add(guess(client, i, "X-Forwarded-For: 10.9." + i + "." + i + ", 203.0.113.9").status());
		}

		assertThat(statuses.subList(0, PER_ADDRESS)).containsOnly(401);
		assertThat(statuses.subList(PER_ADDRESS, statuses.size())).containsOnly(429);
		assertThat(guess(client, 99, "X-Forwarded-For: 10.9.1.1, 203.0.113.10").status())
			.as("another client behind the same proxy")
			.isEqualTo(401);
	}

	@Test
	void signinWhenEveryHopClaimsATrustedRangeThenThePeerIsLimited() {
		Burst client = new Burst(bridge.port());
		// issue 14's request: sent straight to the bridge, naming a new private address
		// each time
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < PER_ADDRESS + 3; i++) {
			statuses.add(guess(client, 100 + i, "X-Forwarded-For: 10.9." + i + ".7, 127.0.0.1").status());
		}

		assertThat(statuses.subList(0, PER_ADDRESS)).containsOnly(401);
		assertThat(statuses.subList(PER_ADDRESS, statuses.size())).containsOnly(429);
	}

	@Test
	void signinWhenIpv6ClientRotatesWithinItsSlash64ThenLimitedAsOne() {
		Burst client = new Burst(bridge.port());
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < PER_ADDRESS + 1; i++) {
			statuses.add(guess(client, 200 + i, "X-Forwarded-For: 2001:db8:77:1:" + Integer.toHexString(i) + "::1")
				.status());
		}

		assertThat(statuses.subList(0, PER_ADDRESS)).containsOnly(401);
		assertThat(statuses.get(PER_ADDRESS)).isEqualTo(429);
		assertThat(guess(client, 299, "X-Forwarded-For: 2001:db8:77:2::1").status()).as("the next /64").isEqualTo(401);
	}

	/**
	 * A wrong password for an address of its own, so that only the per-address limit can
	 * answer 429.
	 */
	private static Answer guess(Burst client, int account, String forwardedFor) {
		return client.post(Burst.SIGN_IN, Map.of("email", "user" + account + "@example.com", "password", "a guess"),
				forwardedFor);
	}

}
