package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How many proxy WebSockets an instance takes by default: as many as its heap holds at
 * about 12 KB each (bench/sockets.sh), beside the rest of the bridge.
 */
class GraphQlProxyTests {

	private static final long MB = 1024 * 1024;

	@Test
	void socketsForWhenShippedHeapThenTenThousandIdleSubscriptions() {
		assertThat(GraphQlProxy.socketsFor(192 * MB)).isBetween(10_000, 11_000);
	}

	@Test
	void socketsForWhenSmallerHeapThenFewerSoItIsNotExhausted() {
		// 96 MB filled at about 6,400 idle sockets with nothing else going on
		assertThat(GraphQlProxy.socketsFor(96 * MB)).isBetween(3_000, 4_000);
	}

	@Test
	void socketsForWhenHeapBarelyHoldsTheBridgeThenStillSome() {
		assertThat(GraphQlProxy.socketsFor(32 * MB)).isEqualTo(100);
	}

	@Test
	void socketsForWhenHugeHeapThenNoOverflow() {
		assertThat(GraphQlProxy.socketsFor(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
	}

}
