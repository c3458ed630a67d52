package dev.authbridge.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpServerTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					smtp://mail.example.test                          | mail.example.test | 587 | false | -               | -
					smtp://mail.example.test:25                       | mail.example.test | 25  | false | -               | -
					smtps://mail.example.test                         | mail.example.test | 465 | true  | -               | -
					SMTPS://bridge:pa%40ss+word@mail.example.test:2465 | mail.example.test | 2465 | true | bridge          | pa@ss+word
					smtp://bridge%40example.test:p%3Aw@127.0.0.1:587  | 127.0.0.1         | 587 | false | bridge@example.test | p:w
					smtp://bridge@mail.example.test                   | mail.example.test | 587 | false | bridge          | ''
					""")
	void parseWhenNextAuthEmailServerFormThenHostPortTlsAndDecodedCredentials(String value, String host, int port,
			boolean tls, String user, String password) {
		List<String> problems = new ArrayList<>();

		Optional<SmtpServer> server = SmtpServer.parse(value, problems);

		assertThat(problems).isEmpty();
		assertThat(server).contains(new SmtpServer(host, port, tls, user, password));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			http://bridge:s3cret@mail.example.test | AUTH_EMAIL_SERVER must start with smtp:// or smtps://
			mail.example.test:587                  | AUTH_EMAIL_SERVER must start with smtp:// or smtps://
			smtp://                                | AUTH_EMAIL_SERVER is not a URL
			smtp:///path                           | AUTH_EMAIL_SERVER has no host
			smtp://bridge:s3cret@mail example      | AUTH_EMAIL_SERVER is not a URL
			""")
	void parseWhenNotAnSmtpUrlThenOneProblemWithoutTheValue(String value, String expected) {
		List<String> problems = new ArrayList<>();

		assertThat(SmtpServer.parse(value, problems)).isEmpty();

		assertThat(problems).singleElement().asString().startsWith(expected).doesNotContain("s3cret");
	}

	@Test
	void parseWhenEmptyThenNoServerAndNoProblem() {
		List<String> problems = new ArrayList<>();
		assertThat(SmtpServer.parse(" ", problems)).isEmpty();
		assertThat(SmtpServer.parse(null, problems)).isEmpty();
		assertThat(problems).isEmpty();
	}

	@Test
	void toStringWhenPasswordThenRedacted() {
		assertThat(new SmtpServer("mail.example.test", 465, true, "bridge", "s3cret")).asString()
			.doesNotContain("s3cret")
			.contains("mail.example.test");
	}

}
