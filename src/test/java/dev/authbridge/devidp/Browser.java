package dev.authbridge.devidp;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** What a browser does between the bridge and the development provider: keeps cookies, never follows redirects. */
final class Browser {

	private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

	private final WebTestClient client;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	Browser(WebTestClient client) {
		this.client = client;
	}

	EntityExchangeResult<String> get(String uri) {
		return remember(this.client.get().uri(URI.create(uri)).cookies(this::send).exchange().expectBody(String.class)
			.returnResult());
	}

	EntityExchangeResult<String> post(String uri, MultiValueMap<String, String> form) {
		return remember(this.client.post()
			.uri(URI.create(uri))
			.cookies(this::send)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectBody(String.class)
			.returnResult());
	}

	String cookie(String name) {
		return this.cookies.get(name);
	}

	/** The hidden fields of the sign-in page, entities decoded, ready to post back. */
	static MultiValueMap<String, String> hiddenFields(String html) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		Matcher matcher = HIDDEN.matcher(html);
		while (matcher.find()) {
			fields.add(matcher.group(1), unescape(matcher.group(2)));
		}
		return fields;
	}

	static String location(EntityExchangeResult<?> result) {
		return result.getResponseHeaders().getFirst(HttpHeaders.LOCATION);
	}

	private static String unescape(String html) {
		// the entities JMustache writes
		return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
			.replace("&#x3D;", "=").replace("&#x60;", "`").replace("&amp;", "&");
	}

	private void send(MultiValueMap<String, String> outgoing) {
		this.cookies.forEach(outgoing::add);
	}

	private EntityExchangeResult<String> remember(EntityExchangeResult<String> result) {
		for (ResponseCookie cookie : result.getResponseCookies().toSingleValueMap().values()) {
			if (cookie.getMaxAge().isZero()) {
				this.cookies.remove(cookie.getName());
			}
			else {
				this.cookies.put(cookie.getName(), cookie.getValue());
			}
		}
		return result;
	}

}
