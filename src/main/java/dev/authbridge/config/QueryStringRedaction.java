package dev.authbridge.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.EventArgUtil;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Takes the query string out of every URL a log line names: a query carries OAuth's
 * {@code code} and {@code state}, and whatever tokens a client puts there, and WebFlux's
 * DEBUG lines ({@code HTTP GET "/api/auth/callback/…?code=…"}) or a framework's warning
 * about a malformed request print the URL whole. {@code /path?query} becomes
 * {@code /path?[redacted]}, whichever logger wrote it and in either
 * {@code AUTH_LOG_FORMAT}, since both format the event this filter hands on.
 *
 * <p>
 * A turbo filter sees each logging call before its event exists; the lines that name a
 * query are appended here, rewritten, and the original call denied. A stack trace is
 * written as it is.
 */
final class QueryStringRedaction extends TurboFilter {

	static final String MARK = "?[redacted]";

	/**
	 * A path, possibly after a scheme and host, then a query: up to a blank, a quote or
	 * an angle bracket.
	 */
	private static final Pattern QUERY = Pattern.compile("(/[^\\s?#\"'<>]*)\\?[^\\s\"'<>]+");

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (format == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
			return FilterReply.NEUTRAL;
		}
		Throwable throwable = t != null ? t : EventArgUtil.extractThrowable(params);
		Object[] arguments = throwable != null && t == null ? EventArgUtil.trimmedCopy(params) : params;
		String message = arguments == null || arguments.length == 0 ? format
				: MessageFormatter.basicArrayFormat(format, arguments);
		String redacted = redact(message);
		if (redacted.equals(message)) {
			return FilterReply.NEUTRAL;
		}
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, redacted, throwable, null);
		if (marker != null) {
			event.addMarker(marker);
		}
		logger.callAppenders(event);
		return FilterReply.DENY;
	}

	static String redact(String message) {
		return message.indexOf('?') < 0 ? message : QUERY.matcher(message).replaceAll("$1" + MARK);
	}

}
