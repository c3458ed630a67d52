package dev.authbridge.config;

import dev.authbridge.hasura.HasuraConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The same-origin GraphQL proxy's settings, checked at startup.
 *
 * @param upstream Hasura, at {@code HASURA_GRAPHQL_ENDPOINT}
 * @param maxBody {@code AUTH_HASURA_PROXY_MAX_BODY} in bytes: the largest request taken
 * @param timeout {@code AUTH_HASURA_PROXY_TIMEOUT}: the longest wait for Hasura's answer
 * @param maxSockets {@code AUTH_HASURA_PROXY_MAX_SOCKETS}: the most WebSockets held at
 * once; unset, as many as the heap holds ({@link #socketsFor})
 */
public record GraphQlProxy(HasuraConnection upstream, int maxBody, Duration timeout, int maxSockets) {

	/**
	 * Above this a GraphQL request is no request but an upload, which Hasura takes not.
	 */
	static final long LARGEST_MAX_BODY = 64L * 1024 * 1024;

	/**
	 * What an idle proxy socket keeps on the heap, its Hasura connection included, with a
	 * margin: about 12 KB measured (bench/sockets.sh).
	 */
	static final long HEAP_PER_SOCKET = 14 * 1024;

	/** The heap the rest of the bridge needs under load, sockets aside. */
	static final long HEAP_FOR_THE_REST = 48L * 1024 * 1024;

	/**
	 * How many WebSockets a heap of {@code maxHeap} bytes holds beside the rest of the
	 * bridge: 3,500 in 96 MB, 10,500 in the shipped 192 MB. Past it an instance would run
	 * out of heap (and exit), so by default it answers 503 instead.
	 */
	static int socketsFor(long maxHeap) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(100, (maxHeap - HEAP_FOR_THE_REST) / HEAP_PER_SOCKET));
	}

	/**
	 * The proxy when {@code AUTH_HASURA_PROXY} is true, else empty. Every problem is
	 * added to {@code problems} as one line saying what to set.
	 */
	static Optional<GraphQlProxy> decide(HasuraProperties hasura, Optional<HasuraConnection> connection,
			List<String> problems) {
		int before = problems.size();
		if (hasura.proxy() && !HasuraConnection.isSet(hasura.graphqlEndpoint())) {
			problems.add("AUTH_HASURA_PROXY is true but HASURA_GRAPHQL_ENDPOINT is not set: set it to Hasura's "
					+ "GraphQL endpoint (e.g. http://hasura:8080/v1/graphql), or AUTH_HASURA_PROXY=false");
		}
		long maxBody = hasura.proxyMaxBody() == null ? 0 : hasura.proxyMaxBody().toBytes();
		if (maxBody <= 0 || maxBody > LARGEST_MAX_BODY) {
			problems.add("AUTH_HASURA_PROXY_MAX_BODY must be a size between 1B and 64MB, e.g. 1MB");
		}
		if (hasura.proxyTimeout() == null || hasura.proxyTimeout().isNegative() || hasura.proxyTimeout().isZero()) {
			problems.add("AUTH_HASURA_PROXY_TIMEOUT must be a positive duration: seconds (e.g. 30) or with a unit");
		}
		if (hasura.proxyMaxSockets() != null && hasura.proxyMaxSockets() < 1) {
			problems.add("AUTH_HASURA_PROXY_MAX_SOCKETS must be at least 1, e.g. 2000 (or unset: as many as the heap "
					+ "holds)");
		}
		int maxSockets = (hasura.proxyMaxSockets() != null) ? hasura.proxyMaxSockets()
				: socketsFor(Runtime.getRuntime().maxMemory());
		return !hasura.proxy() || problems.size() > before || connection.isEmpty() ? Optional.empty()
				: Optional.of(new GraphQlProxy(connection.get(), (int) maxBody, hasura.proxyTimeout(), maxSockets));
	}

}
