/**
 * The same-origin GraphQL proxy's WebSockets ({@code AUTH_HASURA_PROXY}): the handshake
 * at {@code /v1/graphql} ({@link dev.authbridge.web.socket.GraphQlSocketAction}), one
 * relay per client socket to a Hasura connection that is replaced before its token
 * expires ({@link dev.authbridge.web.socket.SocketRelay}), and the sockets closed when
 * their session is revoked ({@link dev.authbridge.web.socket.OpenSockets}). Both
 * subprotocols Hasura speaks ({@link dev.authbridge.web.socket.Dialect}).
 */
package dev.authbridge.web.socket;
