package dev.authbridge.journeys;

import static dev.authbridge.journeys.Browser.SESSION_COOKIE;

import dev.authbridge.BridgeTest;
import dev.authbridge.RawHttp;
import dev.authbridge.RawHttp.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * E-mail + password forms posted to one bridge all at the same moment, each on a
 * connection of its own (no client pool to queue them), with one browser's CSRF token and
 * cookie: the races the attempt limits must win.
 */
final class Burst {

	static final String SIGN_IN = "/api/auth/callback/credentials";

	static final String SIGN_UP = "/api/auth/signup";

	private final int port;

	private final String cookie;

	private final String csrfToken;

	Burst(int port) {
		Browser browser = new Browser(port);
		this.csrfToken = browser.csrfToken();
		this.cookie = "Cookie: " + browser.cookies()
			.entrySet()
			.stream()
			.map(entry -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining("; "));
		this.port = port;
	}

	/**
	 * One {@code json=true} post of {@code fields} to {@code path}, with more header
	 * lines.
	 */
	Answer post(String path, Map<String, String> fields, String... headers) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("csrfToken", this.csrfToken);
		form.put("callbackUrl", BridgeTest.URL + "/welcome");
		form.put("json", "true");
		List<String> lines = new ArrayList<>(List.of(this.cookie, "Content-Type: application/x-www-form-urlencoded"));
		lines.addAll(List.of(headers));
		return RawHttp.send(this.port, "POST", path, lines,
				form.entrySet()
					.stream()
					.map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
					.collect(Collectors.joining("&")));
	}

	/**
	 * Posts of each of {@code forms} to {@code path}, released together; answers in the
	 * same order.
	 */
	List<CompletableFuture<Answer>> atOnce(String path, List<Map<String, String>> forms) {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(forms.size());
		List<CompletableFuture<Answer>> answers = forms.stream().map(form -> CompletableFuture.supplyAsync(() -> {
			awaitQuietly(start);
			return post(path, form);
		}, threads)).toList();
		start.countDown();
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
			.whenComplete((all, ex) -> threads.shutdown());
		return answers;
	}

	/**
	 * Sign-ins of {@code email} with each of {@code passwords}, released together;
	 * answers in the same order.
	 */
	List<CompletableFuture<Answer>> signIns(String email, List<String> passwords) {
		return atOnce(SIGN_IN,
				passwords.stream().map(password -> Map.of("email", email, "password", password)).toList());
	}

	/** The answers of {@link #atOnce}, once all have come. */
	static List<Answer> answered(List<CompletableFuture<Answer>> answers) {
		return answers.stream().map(CompletableFuture::join).toList();
	}

	/** Whether {@code answer} set a session cookie. */
	static boolean signedIn(Answer answer) {
		return answer.header("set-cookie")
			.stream()
			.anyMatch(cookie -> cookie.startsWith(SESSION_COOKIE + "=") && !cookie.contains("Max-Age=0"));
	}

	private static void awaitQuietly(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
