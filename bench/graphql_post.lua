-- bench/graphql_post.lua -- wrk script for bench/proxy.sh: every request POSTs one GraphQL query as JSON.
-- The identity comes from wrk's -H (the session cookie to the bridge, Authorization to the upstream directly).
-- done() prints one machine-readable BENCH line: rps, p50/p99 in ms, non-2xx answers and socket errors.
--
-- Fixed rate: with BENCH_RATE_PER_THREAD=N in the environment, each wrk thread sends at most N requests a second,
-- spread evenly: every request takes the thread's next free time slot (1/N s apart) and its connection waits for
-- it (wrk's delay()). So two targets get the same offered load as long as the connections keep up (a slot that
-- has passed is not made up for). Latency is measured from the moment a request is sent.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ users_by_pk(id: \\"github|583231\\") { id name } }"}'

local rate = tonumber(os.getenv("BENCH_RATE_PER_THREAD") or "")
if rate and rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *now);
  ]]
  local now_ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, now_ts) -- CLOCK_MONOTONIC
    return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
  end
  local interval = 1000 / rate
  local next_slot = 0
  function delay()
    local now = now_ms()
    if next_slot < now then
      next_slot = now
    end
    local wait = next_slot - now
    next_slot = next_slot + interval
    return math.floor(wait)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
