package dev.authbridge.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

class BackgroundWorkTests {

	final List<Throwable> failures = new ArrayList<>();

	@Test
	void getWhenFirstAttemptInFlightThenWaitsForItsResult() {
		Sinks.One<String> answer = Sinks.one();
		BackgroundWork<String> work = new BackgroundWork<>(answer.asMono(), Retry.max(0), this.failures::add);
		work.start();

		StepVerifier.create(work.get())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> answer.tryEmitValue("metadata"))
			.expectNext("metadata")
			.verifyComplete();
		assertThat(work.done()).isTrue();
	}

	@Test
	void getWhenRequestComesBeforeStartThenStartsTheWork() {
		AtomicInteger attempts = new AtomicInteger();
		BackgroundWork<Integer> work = new BackgroundWork<>(Mono.fromCallable(attempts::incrementAndGet), Retry.max(0),
				this.failures::add);

		StepVerifier.create(work.get()).expectNext(1).verifyComplete();
		work.start();
		StepVerifier.create(work.get()).expectNext(1).verifyComplete();
		assertThat(attempts).hasValue(1);
	}

	@Test
	void getWhenFirstAttemptFailedThenEmptyAtOnceUntilARetrySucceeds() {
		AtomicInteger attempts = new AtomicInteger();
		Mono<String> attempt = Mono.defer(
				() -> attempts.incrementAndGet() < 3 ? Mono.error(new IllegalStateException("down")) : Mono.just("up"));
		BackgroundWork<String> work = new BackgroundWork<>(attempt, Retry.fixedDelay(5, Duration.ofMillis(200)),
				this.failures::add);
		work.start();

		StepVerifier.create(work.get()).expectComplete().verify(Duration.ofMillis(100));
		assertThat(this.failures).hasSize(1);
		StepVerifier.create(Mono.delay(Duration.ofMillis(600)).then(Mono.defer(work::get)))
			.expectNext("up")
			.verifyComplete();
		assertThat(this.failures).hasSize(2);
	}

	@Test
	void succeededWhenAttemptsFailThenWaitsPastThemForTheOneThatSucceeds() {
		AtomicInteger attempts = new AtomicInteger();
		Mono<String> attempt = Mono.defer(
				() -> attempts.incrementAndGet() < 3 ? Mono.error(new IllegalStateException("down")) : Mono.just("up"));
		BackgroundWork<String> work = new BackgroundWork<>(attempt, Retry.fixedDelay(5, Duration.ofMillis(100)),
				this.failures::add);
		Mono<String> succeeded = work.succeeded();
		work.start();

		StepVerifier.create(succeeded).expectNext("up").verifyComplete();
		assertThat(this.failures).hasSize(2);
		StepVerifier.create(work.succeeded()).expectNext("up").verifyComplete();
	}

	@Test
	void succeededWhenNotStartedThenStartsNothing() {
		AtomicInteger attempts = new AtomicInteger();
		BackgroundWork<Integer> work = new BackgroundWork<>(Mono.fromCallable(attempts::incrementAndGet), Retry.max(0),
				this.failures::add);

		StepVerifier.create(work.succeeded())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(100))
			.thenCancel()
			.verify();
		assertThat(attempts).hasValue(0);
	}

	@Test
	void stopWhenRequestWaitingThenItGetsNothing() {
		BackgroundWork<String> work = new BackgroundWork<>(Mono.never(), Retry.max(0), this.failures::add);
		work.start();

		StepVerifier.create(work.get()).then(work::stop).expectComplete().verify(Duration.ofSeconds(1));
		assertThat(work.done()).isFalse();
	}

}
