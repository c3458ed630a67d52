package dev.authbridge.hasura;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the bridge reaches Hasura, checked at startup.
 *
 * @param endpoint {@code HASURA_GRAPHQL_ENDPOINT}
 * @param adminSecret {@code HASURA_GRAPHQL_ADMIN_SECRET}
 * @param timeout the longest wait for one answer
 * @param upsertDocument the upsert mutation: the built-in one, or the file
 * {@code AUTH_HASURA_UPSERT_DOCUMENT} names
 */
public record HasuraConnection(URI endpoint, String adminSecret, Duration timeout, String upsertDocument) {

	static final String BUILT_IN_DOCUMENT = "/graphql-documents/upsertUser.graphql";

	@Override
	public String toString() {
		return "HasuraConnection[" + this.endpoint + "]";
	}

	/**
	 * The connection, or empty when no endpoint is set (no shadow users then). Every
	 * problem is added to {@code problems} as one line saying what to set.
	 */
	public static Optional<HasuraConnection> decide(String endpoint, String adminSecret, Duration timeout,
			String documentPath, List<String> problems) {
		if (!isSet(endpoint)) {
			return Optional.empty();
		}
		int before = problems.size();
		URI uri = null;
		try {
			uri = URI.create(endpoint.trim());
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
				|| uri.getHost() == null) {
			problems.add("HASURA_GRAPHQL_ENDPOINT must be an absolute http(s) URL, e.g. http://hasura:8080/v1/graphql");
		}
		if (adminSecret == null || adminSecret.isBlank()) {
			problems.add("HASURA_GRAPHQL_ADMIN_SECRET is not set while HASURA_GRAPHQL_ENDPOINT is: set it to Hasura's "
					+ "admin secret, which the shadow-user upsert needs");
		}
		String document = document(documentPath, problems);
		return problems.size() > before ? Optional.empty()
				: Optional.of(new HasuraConnection(uri, adminSecret, timeout, document));
	}

	/**
	 * Whether {@code HASURA_GRAPHQL_ENDPOINT} is set at all, the one test of whether the
	 * bridge talks to Hasura: {@link #decide} and the bean registrar that adds Hasura's
	 * beans at startup both ask it.
	 */
	public static boolean isSet(String endpoint) {
		return endpoint != null && !endpoint.isBlank();
	}

	private static String document(String path, List<String> problems) {
		if (path == null || path.isBlank()) {
			try (InputStream in = HasuraConnection.class.getResourceAsStream(BUILT_IN_DOCUMENT)) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		try {
			String document = Files.readString(Path.of(path.trim()));
			if (document.isBlank()) {
				problems
					.add("AUTH_HASURA_UPSERT_DOCUMENT " + path.trim() + " is empty: it must hold the upsert mutation");
			}
			return document;
		}
		catch (IOException | RuntimeException ex) {
			problems
				.add("AUTH_HASURA_UPSERT_DOCUMENT " + path.trim() + " cannot be read: set it to a readable .graphql "
						+ "file, or leave it empty for the built-in upsert");
			return null;
		}
	}

}
