package dev.authbridge.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.authbridge.user.SignInFailure.Reason;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordPolicyTests {

	/** A character that is one code point, two UTF-16 chars and four UTF-8 bytes. */
	static final String EMOJI = "\uD83D\uDD12";

	static Stream<Arguments> refused() {
		return Stream.of(arguments(named("null", null), Reason.PASSWORD_TOO_SHORT),
				arguments(named("empty", ""), Reason.PASSWORD_TOO_SHORT),
				arguments(named("7 characters", "zq8-Lam"), Reason.PASSWORD_TOO_SHORT),
				arguments(named("7 emoji: 14 chars but 7 code points", EMOJI.repeat(7)), Reason.PASSWORD_TOO_SHORT),
				arguments(named("73 ASCII bytes", "zq8-Lamp-Ostrich-".repeat(5).substring(0, 73)),
						Reason.PASSWORD_TOO_LONG),
				arguments(named("19 emoji: 76 UTF-8 bytes", EMOJI.repeat(19)), Reason.PASSWORD_TOO_LONG),
				arguments(named("37 two-byte letters: 74 bytes", "\u00e9".repeat(37)), Reason.PASSWORD_TOO_LONG),
				arguments(named("common: iloveyou", "iloveyou"), Reason.PASSWORD_COMMON),
				arguments(named("common in other case: Password1", "Password1"), Reason.PASSWORD_COMMON),
				arguments(named("common in upper case: QWERTYUIOP", "QWERTYUIOP"), Reason.PASSWORD_COMMON),
				arguments(named("common: 12345678", "12345678"), Reason.PASSWORD_COMMON));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void checkWhenRefusedThenProblem(String password, Reason problem) {
		assertThat(PasswordPolicy.check(password)).contains(problem);
	}

	static Stream<Arguments> accepted() {
		return Stream.of(arguments(named("8 characters", "zq8-Lamp")), arguments(named("8 emoji", EMOJI.repeat(8))),
				arguments(named("72 ASCII bytes", "zq8-Lamp-Ostrich-".repeat(5).substring(0, 72))),
				arguments(named("18 emoji: 72 bytes", EMOJI.repeat(18))),
				arguments(named("36 two-byte letters: 72 bytes", "\u00e9".repeat(36))),
				arguments(named("a passphrase", "correct horse battery staple")),
				arguments(named("no composition rules: lower-case letters only", "lampostrichkettle")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("accepted")
	void checkWhenLongEnoughAndUncommonThenAccepted(String password) {
		assertThat(password.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PasswordPolicy.MAX_BYTES);
		assertThat(PasswordPolicy.check(password)).isEmpty();
	}

}
