package dev.authbridge.startup;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * One piece of startup work that requests need, retried in the background until it
 * succeeds. A request that needs it while the first attempt is still in flight waits for
 * that attempt (bounded by the attempt's own timeout) and then goes on; only when the
 * first attempt has failed does it get nothing at once, as it does again each time until
 * a retry succeeds. A new instance thus answers its first request as it answers any later
 * one: the work a request would have met half done (discovery 47 ms from its answer,
 * migrations 130 ms from committing) is finished first.
 *
 * @param <T> what the work yields
 */
public final class BackgroundWork<T> {

	private final Mono<T> attempts;

	private final Sinks.Empty<Void> firstAttemptDone = Sinks.empty();

	private final Sinks.One<T> succeeded = Sinks.one();

	private final AtomicBoolean started = new AtomicBoolean();

	private volatile T value;

	private volatile Disposable running;

	/**
	 * @param attempt one try, with a timeout of its own; subscribed again for each retry
	 * @param retry when to try again after a failure
	 * @param onFailure told of each failed attempt, for the log
	 */
	public BackgroundWork(Mono<T> attempt, Retry retry, Consumer<Throwable> onFailure) {
		this.attempts = attempt.doOnNext(result -> {
			this.value = result;
			this.succeeded.tryEmitValue(result);
		}).doOnError(onFailure).doFinally(signal -> this.firstAttemptDone.tryEmitEmpty()).retryWhen(retry);
	}

	/**
	 * Starts the work unless it runs already; {@link #get()} starts it too, should a
	 * request come first.
	 */
	public void start() {
		if (this.started.compareAndSet(false, true)) {
			this.running = this.attempts.subscribe();
		}
	}

	/**
	 * The result: at once when in, after the first attempt while that runs, and empty
	 * while it is not in.
	 */
	public Mono<T> get() {
		T done = this.value;
		if (done != null) {
			return Mono.just(done);
		}
		start();
		return this.firstAttemptDone.asMono().then(Mono.fromSupplier(() -> this.value));
	}

	/**
	 * Completes once the first attempt is over, whatever its outcome; starts the work
	 * unless it runs already.
	 */
	public Mono<Void> attempted() {
		start();
		return this.firstAttemptDone.asMono();
	}

	/**
	 * The result once the work has succeeded: at once when in, else when an attempt
	 * succeeds, and never when none does. For what must wait for the work, however long
	 * it takes, rather than a request that must be answered; starts nothing.
	 */
	public Mono<T> succeeded() {
		return this.succeeded.asMono();
	}

	/** Whether the work has succeeded. */
	public boolean done() {
		return this.value != null;
	}

	/** Stops trying; a request waiting for the first attempt gets nothing. */
	public void stop() {
		Disposable work = this.running;
		if (work != null) {
			work.dispose();
		}
		this.firstAttemptDone.tryEmitEmpty();
	}

}
