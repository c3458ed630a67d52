-- bench/graphql_post.lua -- wrk script for bench/proxy.sh: every request POSTs one GraphQL query as JSON.
-- The identity comes from wrk's -H (the session cookie to the bridge, Authorization to the upstream directly).
-- done() prints one machine-readable BENCH line: rps, p50/p99 in ms, non-2xx answers and socket errors.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ users_by_pk(id: \\"github|583231\\") { id name } }"}'

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
