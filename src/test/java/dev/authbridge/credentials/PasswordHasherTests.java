package dev.authbridge.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class PasswordHasherTests {

	static final String PASSWORD = "correct horse battery staple";

	static final PasswordHasher HASHER = new PasswordHasher();

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
