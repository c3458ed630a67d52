package dev.authbridge.hasura;

import dev.authbridge.user.SignInFailure;
import dev.authbridge.user.SignInFailure.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;

/**
 * {@code authbridge_hasura_upsert_seconds{outcome}}: how long the shadow-user upsert
 * took, by outcome ({@code success}, or the sign-in's failure reason
 * {@code hasura_unavailable} / {@code hasura_rejected}).
 */
final class UpsertTimer {

	private static final String SUCCESS = "success";

	private static final String UNAVAILABLE = Reason.HASURA_UNAVAILABLE.code();

	private final MeterRegistry registry;

	private final Map<String, Timer> timers;

	UpsertTimer(MeterRegistry registry) {
		this.registry = registry;
		this.timers = Stream.of(SUCCESS, UNAVAILABLE, Reason.HASURA_REJECTED.code())
			.collect(Collectors.toUnmodifiableMap(Function.identity(),
					outcome -> Timer.builder("authbridge.hasura.upsert")
						.description("Shadow-user upserts in Hasura, by outcome")
						.tag("outcome", outcome)
						.register(registry)));
	}

	<T> Mono<T> time(Mono<T> upsert) {
		return Mono.defer(() -> {
			Timer.Sample sample = Timer.start(this.registry);
			return upsert.doOnSuccess(result -> sample.stop(this.timers.get(SUCCESS)))
				.doOnError(failure -> sample.stop(this.timers.get(outcome(failure))));
		});
	}

	private String outcome(Throwable failure) {
		return failure instanceof SignInFailure known && this.timers.containsKey(known.reason().code())
				? known.reason().code() : UNAVAILABLE;
	}

}
