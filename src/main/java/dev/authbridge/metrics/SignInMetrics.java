package dev.authbridge.metrics;

import dev.authbridge.user.SignInFailure.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;

/**
 * {@code authbridge_signins_total{provider,outcome,reason}}: every finished sign-in,
 * {@code success} with reason {@code none} or {@code failure} with the machine reason of
 * the error page (one of {@link Reason}'s closed set). A provider id that is not
 * configured (it comes from the URL) counts as {@code unknown}, so a client cannot mint
 * new series.
 */
public final class SignInMetrics {

	private static final String NAME = "authbridge.signins";

	private final MeterRegistry registry;

	private final Set<String> providers;

	public SignInMetrics(MeterRegistry registry, Set<String> providers) {
		this.registry = registry;
		this.providers = Set.copyOf(providers);
		this.providers.forEach(provider -> counter(provider, "success", "none"));
	}

	public void succeeded(String provider) {
		counter(provider, "success", "none").increment();
	}

	public void failed(String provider, Reason reason) {
		counter(provider, "failure", reason.code()).increment();
	}

	private Counter counter(String provider, String outcome, String reason) {
		return Counter.builder(NAME)
			.description("Finished sign-ins, by provider, outcome and reason")
			.tag("provider", this.providers.contains(provider) ? provider : "unknown")
			.tag("outcome", outcome)
			.tag("reason", reason)
			.register(this.registry);
	}

}
