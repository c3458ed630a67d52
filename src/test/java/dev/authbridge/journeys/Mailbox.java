package dev.authbridge.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server in the test JVM (GreenMail) on a given loopback port, and what tests
 * read from the mails it received; the browser tests ({@code e2e}) borrow it too.
 */
public final class Mailbox implements AutoCloseable {

	private static final Pattern LINK = Pattern.compile("https?://\\S+");

	private final GreenMail server;

	private Mailbox(GreenMail server) {
		this.server = server;
	}

	/** Plain SMTP on {@code port}, accepting any mail without authentication. */
	public static Mailbox smtp(int port) {
		return start(new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)));
	}

	/**
	 * SMTP over TLS from the first byte on {@code port} (the key store comes from the
	 * {@code greenmail.tls.*} system properties), accepting only {@code user} with
	 * {@code password}.
	 */
	static Mailbox smtps(int port, String user, String password) {
		GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
		server.setUser("bridge@example.test", user, password);
		return start(server);
	}

	private static Mailbox start(GreenMail server) {
		server.start();
		return new Mailbox(server);
	}

	/** Every mail received so far, waiting at most 5 s for {@code count} of them. */
	public List<MimeMessage> received(int count) {
		assertThat(this.server.waitForIncomingEmail(5000, count)).as("%s mails received", count).isTrue();
		return List.of(this.server.getReceivedMessages());
	}

	/** Every mail received so far, without waiting. */
	List<MimeMessage> received() {
		return List.of(this.server.getReceivedMessages());
	}

	/** The one link in the body of {@code mail}. */
	public static URI link(MimeMessage mail) {
		Matcher matcher = LINK.matcher(GreenMailUtil.getBody(mail));
		assertThat(matcher.find()).as("a link in the mail").isTrue();
		return URI.create(matcher.group());
	}

	/** The first recipient of {@code mail}. */
	static String to(MimeMessage mail) {
		try {
			return mail.getAllRecipients()[0].toString();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String body(MimeMessage mail) {
		return GreenMailUtil.getBody(mail);
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
