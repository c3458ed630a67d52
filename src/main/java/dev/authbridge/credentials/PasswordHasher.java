package dev.authbridge.credentials;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Password hashes through Spring Security's delegating encoder ({@code {bcrypt}}, cost 10: ~60–100 ms of one core),
 * computed on a scheduler of their own, never on the event loop. Checking a password for an address with no account
 * still runs one bcrypt comparison, against a hash made at startup, so the answer takes the same time either way.
 */
public final class PasswordHasher implements AutoCloseable {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private final Scheduler scheduler = Schedulers.newBoundedElastic(
			Math.max(2, Runtime.getRuntime().availableProcessors()), 1_000, "password-hash");

	private final String decoy = this.encoder.encode(UUID.randomUUID().toString());

	/** The encoded hash of {@code password}. */
	public Mono<String> hash(String password) {
		return Mono.fromCallable(() -> this.encoder.encode(password)).subscribeOn(this.scheduler);
	}

	/** Whether {@code password} matches {@code encoded}; with no hash, compares against the decoy and says no. */
	public Mono<Boolean> matches(String password, String encoded) {
		String raw = password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES ? "" : password;
		return Mono.fromCallable(() -> this.encoder.matches(raw, encoded == null ? this.decoy : encoded) && encoded != null)
			.subscribeOn(this.scheduler);
	}

	@Override
	public void close() {
		this.scheduler.dispose();
	}

}
