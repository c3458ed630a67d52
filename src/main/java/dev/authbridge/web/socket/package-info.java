/**
 * The same-origin GraphQL proxy's WebSockets ({@code AUTH_HASURA_PROXY}): the handshake
 * at {@code /v1/graphql} ({@link dev.authbridge.web.socket.GraphQlSocketAction}), one
 * relay per client socket to a Hasura connection that is replaced before its token
 * expires ({@link dev.authbridge.web.socket.SocketRelay}, with the browser's side in
 * {@link dev.authbridge.web.socket.ClientSocket}, its operations in
 * {@link dev.authbridge.web.socket.Operations} and its Hasura connections in
 * {@link dev.authbridge.web.socket.HasuraConnections}), one timer that pings them all
 * ({@link dev.authbridge.web.socket.SocketPings}), and the sockets closed when their
 * session is revoked ({@link dev.authbridge.web.socket.OpenSockets}). Both subprotocols
 * Hasura speaks ({@link dev.authbridge.web.socket.Dialect}). An idle socket keeps as
 * little as it can: ten thousand of them per instance is the aim.
 */
package dev.authbridge.web.socket;
