package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authbridge.FreePort;
import dev.authbridge.db.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the mail journeys ({@link FlowTest}s of password reset, sign-in links and address
 * verification) stand on: accounts in a PostgreSQL database, a real SMTP server in the
 * test JVM ({@link Mailbox}) on {@link #MAIL_PORT}, and before each test empty tables, a
 * warm bridge, Hasura's stand-in answering and a new mailbox. The classes share the
 * database and the port, never at the same time, each test starting from empty tables.
 */
abstract class MailJourneyTest {

	static final String DATABASE = TestPostgres.freshDatabase();

	static final int MAIL_PORT = FreePort.next();

	@LocalServerPort
	int port;

	Mailbox mailbox;

	@DynamicPropertySource
	static void mailing(DynamicPropertyRegistry registry) {
		Accounts.mailing(registry, DATABASE, MAIL_PORT);
	}

	@BeforeEach
	void emptyTablesAndMailbox() throws Exception {
		this.mailbox = Accounts.freshMailJourney(this.port, DATABASE, MAIL_PORT);
	}

	@AfterEach
	void stopMailbox() {
		this.mailbox.close();
	}

	/**
	 * Exactly the mails one address may get a window (3), each with its stored token, and
	 * no more a moment later.
	 */
	void assertOnlyTheSendLimitMailed() throws Exception {
		assertThat(this.mailbox.received(3)).hasSize(3);
		Thread.sleep(300);
		assertThat(this.mailbox.received()).as("3 mails an hour to one address").hasSize(3);
		assertThat(Accounts.rows(DATABASE, "SELECT * FROM auth.email_tokens")).hasSize(3);
	}

}
