package dev.authbridge.metrics;

import dev.authbridge.session.InvalidTokenException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code authbridge_session_requests_total{result}} and
 * {@code authbridge_token_rejections_total{reason}}, every counter registered up front: a
 * {@code /session} request costs one increment, two for a rejected cookie.
 */
public final class SessionMetrics {

	private final Counter signedIn;

	private final Counter signedOut;

	private final Counter rejected;

	private final Map<String, Counter> rejections;

	public SessionMetrics(MeterRegistry registry) {
		this.signedIn = request(registry, "signed_in");
		this.signedOut = request(registry, "signed_out");
		this.rejected = request(registry, "rejected");
		this.rejections = InvalidTokenException.REASONS.stream()
			.collect(Collectors.toUnmodifiableMap(Function.identity(),
					reason -> Counter.builder("authbridge.token.rejections")
						.description("Session cookies not honoured, by reason")
						.tag("reason", reason)
						.register(registry)));
	}

	public void signedIn() {
		this.signedIn.increment();
	}

	public void signedOut() {
		this.signedOut.increment();
	}

	/**
	 * A session cookie that did not verify, with
	 * {@link InvalidTokenException#getMessage() its reason}.
	 */
	public void rejected(InvalidTokenException reason) {
		this.rejected.increment();
		this.rejections.get(reason.getMessage()).increment();
	}

	private static Counter request(MeterRegistry registry, String result) {
		return Counter.builder("authbridge.session.requests")
			.description("Answers of /api/auth/session, by result")
			.tag("result", result)
			.register(registry);
	}

}
