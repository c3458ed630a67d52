package dev.authbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.redirect.AuthPages.Page;
import dev.authbridge.user.SignInFailure.Reason;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;

/** What a client sees of each sign-in failure reason: decided here, and only here. */
class LoginFailuresTests {

	@ParameterizedTest(name = "{0} -> {1} on {2}")
	@CsvSource(textBlock = """
			WRONG_CREDENTIALS,    UNAUTHORIZED,        SIGNIN
			TOO_MANY_ATTEMPTS,    TOO_MANY_REQUESTS,   SIGNIN
			TOO_MANY_SIGNUPS,     TOO_MANY_REQUESTS,   SIGNIN
			EMAIL_INVALID,        BAD_REQUEST,         SIGNIN
			PASSWORD_TOO_SHORT,   BAD_REQUEST,         SIGNIN
			PASSWORD_TOO_LONG,    BAD_REQUEST,         SIGNIN
			PASSWORD_COMMON,      BAD_REQUEST,         SIGNIN
			NAME_TOO_LONG,        BAD_REQUEST,         SIGNIN
			EMAIL_TAKEN,          CONFLICT,            SIGNIN
			BUSY,                 SERVICE_UNAVAILABLE, SIGNIN
			DATABASE_UNAVAILABLE, SERVICE_UNAVAILABLE, ERROR
			STATE_MISMATCH,       OK,                  ERROR
			HASURA_UNAVAILABLE,   OK,                  ERROR
			ACCESS_DENIED,        OK,                  ERROR
			INTERNAL_ERROR,       OK,                  ERROR
			EMAIL_UNAVAILABLE,    SERVICE_UNAVAILABLE, ERROR
			TOKEN_INVALID,        BAD_REQUEST,         ERROR
			EMAIL_NOT_VERIFIED,   FORBIDDEN,           ERROR
			""")
	void statusAndPageWhenReasonThenWhatTheClientSees(Reason reason, HttpStatus status, Page page) {
		assertThat(LoginFailures.status(reason)).isEqualTo(status);
		assertThat(LoginFailures.page(reason)).isEqualTo(page);
	}

	@Test
	void jsonFieldsWhenAddressNotVerifiedThenTheReasonForScriptsElseNothingMore() {
		assertThat(LoginFailures.jsonFields(Reason.EMAIL_NOT_VERIFIED)).containsEntry("error", "email_not_verified")
			.containsKey("message");
		assertThat(Arrays.stream(Reason.values())
			.filter(reason -> reason != Reason.EMAIL_NOT_VERIFIED)
			.map(LoginFailures::jsonFields)).allMatch(Map::isEmpty);
	}

	@Test
	void statusWhenAnyReasonThenNeverA5xxButTheThreeThatAskToWait() {
		assertThat(Arrays.stream(Reason.values()).filter(reason -> LoginFailures.status(reason).is5xxServerError()))
			.containsExactlyInAnyOrder(Reason.BUSY, Reason.DATABASE_UNAVAILABLE, Reason.EMAIL_UNAVAILABLE);
	}

}
