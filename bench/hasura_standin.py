#!/usr/bin/env python3
"""A Hasura stand-in for bench/signin.sh: answers the two GraphQL operations the bridge sends.

  python3 bench/hasura_standin.py PORT ADMIN_SECRET

POST /v1/graphql with x-hasura-admin-secret and the upsert mutation -> {"data":{"insert_users_one":{"id":<$user.id>}}}
POST /v1/graphql with a bearer token and { __typename } (the bridge's self-check) -> {"data":{"__typename":"query_root"}}
It checks the admin secret and nothing else (it does not verify the bearer token): it stands in for Hasura's wire
shape and round trip, not for its checks. Loopback only, keep-alive, one thread per connection.
"""
import json
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    admin_secret = ""

    def setup(self):
        super().setup()
        # one segment per answer, sent at once: no Nagle + delayed-ACK stall of ~40 ms per round trip
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self.answer(400, {"errors": [{"message": "bad json"}]})
        query = body.get("query") or ""
        if "insert_users_one" in query:
            if self.headers.get("x-hasura-admin-secret") != self.admin_secret:
                return self.answer(200, {"errors": [{"message": "access denied", "extensions": {"code": "access-denied"}}]})
            user = (body.get("variables") or {}).get("user") or {}
            return self.answer(200, {"data": {"insert_users_one": {"id": user.get("id")}}})
        if "__typename" in query:
            return self.answer(200, {"data": {"__typename": "query_root"}})
        return self.answer(200, {"errors": [{"message": "unknown operation"}]})

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        head = (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(data)}\r\n\r\n").encode()
        self.wfile.write(head + data)

    def log_message(self, *args):
        pass


def main():
    port, secret = int(sys.argv[1]), sys.argv[2]
    Handler.admin_secret = secret
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(f"hasura stand-in on http://127.0.0.1:{port}/v1/graphql", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
