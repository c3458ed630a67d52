package dev.authbridge.credentials;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Password hashes through Spring Security's delegating encoder ({@code {bcrypt}}, cost
 * 10: ~60–100 ms of one core), computed on threads of their own, never on the event loop.
 * Checking a password for an address with no account still runs one bcrypt comparison,
 * against a hash made at startup, so the answer takes the same time either way.
 *
 * <p>
 * The work is bounded: at most {@code threads} hashes run at once and at most
 * {@code queue} more wait. Past that a hash fails at once with
 * {@link HasherBusyException} instead of queueing: a flood of sign-ups or sign-ins would
 * otherwise queue minutes of CPU and delay every other credential request behind it, and
 * the client is better told to come back ({@code 503}) than kept waiting.
 */
public final class PasswordHasher implements AutoCloseable {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private final int admitted;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Scheduler scheduler;

	private final String decoy = this.encoder.encode(UUID.randomUUID().toString());

	/**
	 * @param threads hashes computed at once, at least 1: more than the cores only makes
	 * each one slower
	 * @param queue hashes waiting for a thread, at least 0
	 * ({@code AUTH_PASSWORD_HASH_QUEUE})
	 */
	public PasswordHasher(int threads, int queue) {
		this.admitted = threads + queue;
		// the queue itself is unbounded: admission (inFlight) is the bound, counted
		// before anything is queued
		CustomizableThreadFactory named = new CustomizableThreadFactory("password-hash-");
		named.setDaemon(true);
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(), named);
		this.scheduler = Schedulers.fromExecutorService(executor, "password-hash");
	}

	/** The encoded hash of {@code password}. */
	public Mono<String> hash(String password) {
		return bounded(() -> this.encoder.encode(password));
	}

	/**
	 * Whether {@code password} matches {@code encoded}; with no hash, compares against
	 * the decoy and says no.
	 */
	public Mono<Boolean> matches(String password, String encoded) {
		String raw = password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES ? "" : password;
		return bounded(() -> this.encoder.matches(raw, encoded == null ? this.decoy : encoded) && encoded != null);
	}

	/**
	 * {@code work} on the hashing threads, or {@link HasherBusyException} when as much as
	 * allowed is in flight.
	 */
	private <T> Mono<T> bounded(Callable<T> work) {
		return Mono.defer(() -> {
			if (this.inFlight.incrementAndGet() > this.admitted) {
				this.inFlight.decrementAndGet();
				return Mono.error(new HasherBusyException());
			}
			return Mono.fromCallable(work)
				.subscribeOn(this.scheduler)
				.doFinally(signal -> this.inFlight.decrementAndGet());
		});
	}

	@Override
	public void close() {
		this.scheduler.dispose();
	}

}
