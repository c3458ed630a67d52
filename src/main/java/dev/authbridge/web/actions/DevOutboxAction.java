package dev.authbridge.web.actions;

import dev.authbridge.mail.DevOutbox;
import dev.authbridge.redirect.AuthUrl;
import dev.authbridge.web.Responses;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /dev-outbox}: the development run's mails, newest first, each with its links
 * to click. Mounted only in a development run without {@code AUTH_EMAIL_SERVER}, behind
 * {@code LocalPeersOnly}: the links open accounts.
 */
public final class DevOutboxAction {

	/** A link the bridge put in a mail: its own URLs, which hold no space. */
	private static final Pattern LINK = Pattern.compile("https?://\\S+");

	private final DevOutbox outbox;

	private final AuthUrl url;

	public DevOutboxAction(DevOutbox outbox, AuthUrl url) {
		this.outbox = outbox;
		this.url = url;
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_HTML)
			.headers(Responses::noStore)
			.render("dev-outbox",
					Map.of("title", "Development outbox", "stylesheet", this.url.stylesheet(), "mails",
							this.outbox.latest()
								.stream()
								.map(sent -> Map.of("to", sent.mail().to(), "subject", sent.mail().subject(), "at",
										sent.at().toString(), "text", sent.mail().text(), "links",
										LINK.matcher(sent.mail().text()).results().map(MatchResult::group).toList()))
								.toList()));
	}

}
