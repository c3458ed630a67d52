package dev.authbridge.web.actions;

import dev.authbridge.BridgeTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The files the bridge serves itself: typed, cacheable with an ETag, and 304 while it
 * still matches.
 */
@BridgeTest
class AssetActionTests {

	@Autowired
	WebTestClient client;

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "/api/auth/client.js, text/javascript;charset=UTF-8",
			"/api/auth/assets/authbridge.css, text/css;charset=UTF-8" })
	void assetWhenRequestedThenTypedWithEtagAndRevalidated(String path, String type) {
		String etag = this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(type)
			.expectHeader()
			.valueMatches(HttpHeaders.ETAG, "\"[0-9a-f]{32}\"")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache, public")
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();
		this.client.get()
			.uri(path)
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, etag)
			.expectBody()
			.isEmpty();
		this.client.get()
			.uri(path)
			.header(HttpHeaders.IF_NONE_MATCH, "\"another-release\"")
			.exchange()
			.expectStatus()
			.isOk();
	}

}
