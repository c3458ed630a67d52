package dev.authbridge.web.actions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * One file the bridge serves from its own routes (the pages' style sheet, the client
 * module), never a catch-all static handler: read once at startup, with a strong ETag
 * from its hash, so caches keep it and revalidate with {@code If-None-Match} (RFC 9110
 * §13.1.2) for a 304 while the release is unchanged.
 */
public final class AssetAction {

	private final byte[] content;

	private final MediaType type;

	private final String etag;

	private AssetAction(byte[] content, MediaType type) {
		this.content = content;
		this.type = type;
		this.etag = "\"" + sha256(content) + "\"";
	}

	/**
	 * The classpath file at {@code location}, answered as {@code type}; a missing file
	 * stops startup.
	 */
	public static AssetAction of(String location, MediaType type) {
		return of(read(location), type);
	}

	/**
	 * {@code content} made at startup (e.g. a style sheet with generated rules), answered
	 * as {@code type}.
	 */
	public static AssetAction of(byte[] content, MediaType type) {
		return new AssetAction(content.clone(), type);
	}

	/**
	 * The bytes of the classpath file at {@code location}; a missing file stops startup.
	 */
	public static byte[] read(String location) {
		try (InputStream in = new ClassPathResource(location).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("classpath:" + location + " is missing from the build", ex);
		}
	}

	public Mono<ServerResponse> handle(ServerRequest request) {
		return request.checkNotModified(this.etag)
			.switchIfEmpty(Mono.defer(() -> ServerResponse.ok()
				.contentType(this.type)
				.eTag(this.etag)
				.cacheControl(CacheControl.noCache().cachePublic())
				.bodyValue(this.content)));
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

}
