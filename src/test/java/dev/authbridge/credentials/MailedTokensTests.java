package dev.authbridge.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the mails of every flow say a link's lifetime and site (the flows themselves are
 * tested over HTTP with a real SMTP server in {@code journeys}).
 */
class MailedTokensTests {

	@ParameterizedTest
	@CsvSource({ "PT24H, 24 hours", "PT1H, 1 hour", "PT30M, 30 minutes", "PT90M, 90 minutes", "PT1M, 1 minute",
			"PT20S, 1 minute", "PT2H30M, 150 minutes" })
	void readableWhenLifetimeThenHoursOnlyWhenWholeElseMinutesNeverZero(Duration lifetime, String said) {
		assertThat(MailedTokens.readable(lifetime)).isEqualTo(said);
	}

	@ParameterizedTest
	@CsvSource({ "https://app.example.com/api/auth/verify-email, app.example.com",
			"http://localhost:3000/api/auth/password/reset, localhost:3000" })
	void siteWhenLinkThenItsHostAsAPersonReadsIt(String link, String site) {
		assertThat(MailedTokens.site(link)).isEqualTo(site);
	}

}
