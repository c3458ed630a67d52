package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Reads one sample from a bridge's {@code /actuator/prometheus}, as a Prometheus server
 * scrapes it.
 */
public final class Prometheus {

	private Prometheus() {
	}

	/**
	 * The value of the sample {@code series}, e.g.
	 * {@code authbridge_session_requests_total{result="rejected"}} (labels in
	 * alphabetical order, as Micrometer writes them), or 0 when it is absent.
	 */
	public static double sample(int bridgePort, String series) {
		return scrape(bridgePort).lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElse(0);
	}

	/** The whole exposition text. */
	public static String scrape(int bridgePort) {
		String text = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + bridgePort)
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(text).contains("authbridge_");
		return text;
	}

}
