package dev.authbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which parts of a log message {@link QueryStringRedaction} takes out. */
class QueryStringRedactionTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			HTTP GET "/api/auth/callback/github?code=abc&state=def"  | HTTP GET "/api/auth/callback/github?[redacted]"
			at index 9: http://localhost:3000/cb?code=abc&state=def  | at index 9: http://localhost:3000/cb?[redacted]
			GET /a?x=1 and /b?y=2 HTTP/1.1                           | GET /a?[redacted] and /b?[redacted] HTTP/1.1
			GET /api/auth/callback/github?<filtered> HTTP/1.1        | GET /api/auth/callback/github?<filtered> HTTP/1.1
			Is the provider up?                                      | Is the provider up?
			/api/auth/session answered                               | /api/auth/session answered
			""")
	void redactWhenMessageNamesUrlThenQueryTakenOut(String message, String expected) {
		assertThat(QueryStringRedaction.redact(message)).isEqualTo(expected);
	}

}
