package dev.authbridge.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.ARRAY;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class PasswordHasherTests {

	static final String PASSWORD = "correct horse battery staple";

	static final PasswordHasher HASHER = new PasswordHasher(2, 32);

	static final String HASH = HASHER.hash(PASSWORD).block();

	@AfterAll
	static void close() {
		HASHER.close();
	}

	@Test
	void hashThenBcryptThroughTheDelegatingEncoder() {
		assertThat(HASH).startsWith("{bcrypt}$2a$10$");
	}

	@Test
	void hashWhenSamePasswordTwiceThenSaltedDifferently() {
		assertThat(HASHER.hash(PASSWORD).block()).isNotEqualTo(HASH);
	}

	@Test
	void matchesWhenRightPasswordThenTrue() {
		StepVerifier.create(HASHER.matches(PASSWORD, HASH)).expectNext(true).verifyComplete();
	}

	@Test
	void matchesWhenWrongPasswordThenFalse() {
		StepVerifier.create(HASHER.matches("correct horse battery stapler", HASH)).expectNext(false).verifyComplete();
	}

	@Test
	void matchesWhenNoHashThenFalse() {
		StepVerifier.create(HASHER.matches(PASSWORD, null)).expectNext(false).verifyComplete();
	}

	@Test
	void matchesWhenLongerThan72BytesThenFalseNotAnError() {
		String tooLong = PASSWORD.repeat(3);
		StepVerifier.create(HASHER.matches(tooLong, HASH)).expectNext(false).verifyComplete();
		StepVerifier.create(HASHER.matches(tooLong, null)).expectNext(false).verifyComplete();
	}

	@Test
	void matchesWhenNoHashThenStillRunsBcrypt() {
		List<Long> real = new ArrayList<>();
		List<Long> decoy = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			real.add(nanos(() -> HASHER.matches("wrong password", HASH).block()));
			decoy.add(nanos(() -> HASHER.matches("wrong password", null).block()));
		}
		assertThat(median(decoy)).as("decoy comparison (ns) against the real one's median %s", median(real))
			.isGreaterThanOrEqualTo((long) (median(real) * 0.3));
	}

	@Test
	void hashAndMatchesThenOffTheCallingThread() {
		StepVerifier.create(HASHER.hash(PASSWORD).map(hash -> Thread.currentThread().getName()))
			.assertNext(thread -> assertThat(thread).startsWith("password-hash"))
			.verifyComplete();
		StepVerifier.create(HASHER.matches(PASSWORD, HASH).map(matches -> Thread.currentThread().getName()))
			.assertNext(thread -> assertThat(thread).startsWith("password-hash"))
			.verifyComplete();
	}

	@Test
	void matchesWhenThreadsAndQueueFullThenBusyAtOnceAndTheRestAnswered() {
		try (PasswordHasher one = new PasswordHasher(1, 2)) {
			List<Object> outcomes = Flux.range(0, 10)
				.flatMap(i -> one.matches(PASSWORD, HASH)
					.<Object>map(matches -> matches)
					.onErrorResume(HasherBusyException.class, Mono::just), 10)
				.collectList()
				.block();

			assertThat(outcomes).as("one hashing, two waiting, seven refused").hasSize(10);
			assertThat(outcomes).filteredOn(HasherBusyException.class::isInstance).hasSize(7);
			assertThat(outcomes).filteredOn(Boolean.TRUE::equals).hasSize(3);
			StepVerifier.create(one.matches(PASSWORD, HASH))
				.as("admitted again once the queue drained")
				.expectNext(true)
				.verifyComplete();
		}
	}

	@Test
	void hashWhenBusyThenFailureWithoutStackTrace() {
		try (PasswordHasher none = new PasswordHasher(1, 0)) {
			StepVerifier.create(Flux.merge(none.hash(PASSWORD), none.hash(PASSWORD)).then())
				.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(HasherBusyException.class)
					.extracting(Throwable::getStackTrace)
					.asInstanceOf(ARRAY)
					.isEmpty())
				.verify();
		}
	}

	private static long nanos(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return System.nanoTime() - start;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
