package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.RawHttp.Answer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

/**
 * A flood of password hashes, with no room to queue any
 * ({@code AUTH_PASSWORD_HASH_QUEUE=0}) and limits high enough not to step in first: what
 * the hashing threads cannot take is answered at once, 503 with {@code Retry-After} and
 * {@code reason=busy}, never a 500 and never an ERROR in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class HashingOverloadTests {

	static final int BURST = 40;

	@AutoClose
	static BridgeInstance bridge;

	@BeforeAll
	static void noHashQueue() throws Exception {
		bridge = Accounts.bridge("AUTH_PASSWORD_HASH_QUEUE=0", "AUTH_SIGNUPS_PER_ADDRESS=1000",
				"AUTH_SIGNIN_ATTEMPTS_PER_ADDRESS=1000");
	}

	@Test
	void signupWhenMoreHashesAtOnceThanThreadsThenTheRest503BusyWithRetryAfter(CapturedOutput output) {
		List<Answer> answers = Burst.answered(new Burst(bridge.port()).atOnce(Burst.SIGN_UP,
				IntStream.range(0, BURST)
					.mapToObj(i -> Map.of("email", "user" + i + "@example.com", "password", Accounts.PASSWORD))
					.toList()));

		assertOverloadAnswered(answers, 200, output);
	}

	@Test
	void signinWhenMoreHashesAtOnceThanThreadsThenTheRest503BusyWithRetryAfter(CapturedOutput output) {
		List<Answer> answers = Burst.answered(new Burst(bridge.port()).atOnce(Burst.SIGN_IN,
				IntStream.range(0, BURST)
					.mapToObj(i -> Map.of("email", "nobody" + i + "@example.com", "password", "a guess"))
					.toList()));

		assertOverloadAnswered(answers, 401, output);
	}

	private static void assertOverloadAnswered(List<Answer> answers, int hashed, CapturedOutput output) {
		List<Integer> statuses = answers.stream().map(Answer::status).toList();
		assertThat(statuses).as("statuses").containsOnly(hashed, 503).contains(hashed, 503);
		assertThat(answers).filteredOn(answer -> answer.status() == 503).allSatisfy(answer -> {
			assertThat(answer.first(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
			assertThat(answer.body()).contains("error=Callback&reason=busy");
		});
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("RejectedExecutionException");
	}

}
