package dev.authbridge.web;

import java.nio.charset.StandardCharsets;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * The last word on a failed request: a 4xx the client caused answers with its status and
 * reason as {@code {"error","message"}}; an oversized body is a 413; anything unexpected
 * is logged once here and answered with a plain 500 that names no class, message or stack
 * (the log line names the request id to find it by).
 */
public final class ApiErrorHandler implements WebExceptionHandler {

	private static final Log logger = LogFactory.getLog(ApiErrorHandler.class);

	private static final String INTERNAL = "internal error";

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// the client went away mid-request (closed its connection within the body,
			// or before the answer): nobody to answer, and nothing failed here
			logger.debug("Client gone on " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath()
					+ " request=" + RequestIds.of(exchange) + ": " + ex);
			return Mono.empty();
		}
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		HttpStatusCode status;
		String message;
		if (ex instanceof ResponseStatusException rse) {
			status = rse.getStatusCode();
			message = rse.getReason() != null ? rse.getReason() : HttpStatus.valueOf(status.value()).getReasonPhrase();
		}
		else if (ex instanceof DataBufferLimitException) {
			status = HttpStatus.PAYLOAD_TOO_LARGE;
			message = "request body too large";
		}
		else {
			logger.error("Unhandled failure on " + exchange.getRequest().getMethod() + " "
					+ exchange.getRequest().getPath() + " request=" + RequestIds.of(exchange), ex);
			status = HttpStatus.INTERNAL_SERVER_ERROR;
			message = INTERNAL;
		}
		response.setStatusCode(status);
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		Responses.noStore(headers);
		DataBuffer buffer = response.bufferFactory().wrap(body(status, message));
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * The body of the 500 for a failure nobody expected, which says no more than that.
	 */
	public static byte[] serverError() {
		return body(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL);
	}

	private static byte[] body(HttpStatusCode status, String message) {
		String code = status.value() == 404 ? "NotFound" : status.is4xxClientError() ? "BadRequest" : "ServerError";
		return ("{\"error\":\"" + code + "\",\"message\":\"" + json(message) + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	private static String json(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c >= 0x20) {
				out.append(c);
			}
		}
		return out.toString();
	}

}
