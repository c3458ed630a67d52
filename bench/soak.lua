-- wrk script for bench/soak.sh: a throttled load (wrk2 is not packaged here) and an exact non-2xx count.
-- usage: wrk -t T -c C -d Ns -s soak.lua URL -- <delay_ms>
-- Each connection waits <delay_ms> before each request, so the rate is at most C * 1000 / delay_ms per second
-- (a little less: the answer's own latency adds to the wait).
local pause = 0
local threads = {}
non2xx = 0

setup = function(thread) table.insert(threads, thread) end

init = function(args) pause = tonumber(args[1]) or 0 end

delay = function() return pause end

response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

done = function(s, lat, _)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non2xx") or 0) end
  local e = s.errors
  local secs = s.duration / 1e6
  io.write(string.format(
    "WRKRESULT requests=%d duration_s=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    s.requests, secs, s.requests / secs, lat:percentile(50) / 1000, lat:percentile(99) / 1000, lat.max / 1000,
    bad, e.connect + e.read + e.write + e.timeout))
end
