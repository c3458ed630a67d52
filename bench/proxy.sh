#!/usr/bin/env bash
# bench/proxy.sh [seconds=10] [rounds=2] -- the same-origin GraphQL proxy against the same upstream called directly.
#
# Starts bench/graphql_upstream.mjs (a Hasura stand-in: graphql-js, no token checks) and target/authbridge.jar with
# the shipped JVM options, AUTH_HASURA_PROXY=true and HASURA_GRAPHQL_ENDPOINT at the stand-in. Then, in alternating
# rounds (even rounds reversed), wrk -t2 -c$BENCH_CONNECTIONS --latency POSTs the same GraphQL query
# (bench/graphql_post.lua, Content-Type: application/json):
#   proxy   POST bridge/v1/graphql with the minted session cookie (the bridge verifies it, issues an access token and
#           forwards the request with Authorization: Bearer)
#   direct  POST upstream/v1/graphql with Authorization: Bearer <an access token from /api/auth/session>
# and prints one markdown table of medians (requests/s, p50, p99) with proxy/direct and the added p50.
# Goal (issue #18 item 7): proxy >= 0.8x direct requests/s, <= 1 ms added p50.
#
# The upstream, the bridge and wrk share this machine's cores: during a proxy run the bridge takes CPU that the
# upstream and wrk have to themselves in a direct run, so on 2 cores the ratio is a lower bound of what a bridge on
# its own host costs. The upstream counts requests that came without Authorization; they must be 0.
# Fixed rate: with BENCH_RATE=N (requests/s), the same alternating rounds run once more with wrk paced to N requests
# a second in all (graphql_post.lua's delay(), N/2 per wrk thread), and a second table compares p50/p99 at that same
# offered load: the latency the proxy adds when neither side is saturated, which the table at full load cannot show
# when the proxy's own CPU competes with the upstream's and wrk's on the same cores. Pick N below the proxy's rate.
# Env: BENCH_SKIP_BUILD=1, BENCH_WARMUP=20 (seconds per target, unmeasured; the shipped CompileThresholdScaling=3 warms slowly), BENCH_CONNECTIONS=32,
# AUTHBRIDGE_JAVA_OPTS (default: the Dockerfile's).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SECS="${1:-10}"
ROUNDS="${2:-2}"
WARMUP="${BENCH_WARMUP:-20}"
CONNS="${BENCH_CONNECTIONS:-32}"
JAR="$REPO_DIR/target/authbridge.jar"
SECRET="bench-only-authbridge-secret-0123456789abcdef"
ADMIN_SECRET="bench-only-hasura-admin-secret-0123456789"   # required with an endpoint; the stand-in ignores it
RUN_DIR="$LOG_DIR/proxy-$(date +%Y%m%d-%H%M%S)"

[[ "$SECS" =~ ^[0-9]+$ ]] && (( SECS >= 1 && SECS <= 120 )) || die "seconds must be 1..120"
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && (( ROUNDS >= 1 && ROUNDS <= 20 )) || die "rounds must be 1..20"
[[ "$WARMUP" =~ ^[0-9]+$ ]] && (( WARMUP <= 60 )) || die "BENCH_WARMUP must be 0..60"
RATE="${BENCH_RATE:-}"
[[ -z "$RATE" ]] || { [[ "$RATE" =~ ^[0-9]+$ ]] && (( RATE >= 2 )); } || die "BENCH_RATE must be a number of requests/s >= 2"
command -v wrk >/dev/null || die "wrk is missing (apt-get install -y wrk)"
command -v node >/dev/null || die "node is missing"
mkdir -p "$RUN_DIR"
trap 'stop_all_servers' EXIT
trap 'exit 143' INT TERM

loadavg() { cut -d' ' -f1 /proc/loadavg; }
LOAD_BEFORE="$(loadavg)"
build_jar_if_needed "$JAR" "$RUN_DIR/build.log"
start_proxy_stack "$RUN_DIR" "$JAR" "$SECRET" "$ADMIN_SECRET"
upstream="$UPSTREAM" port="$PORT" base="$BASE"

cookie="authbridge.session-token=$(mint_authbridge_jwt "$SECRET")"
session="$(curl -s --max-time 5 -H "Cookie: $cookie" "$base/api/auth/session")"
token="$(sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p' <<<"$session")"
[[ -n "$token" ]] || die "minted cookie does not sign in; /api/auth/session answered: ${session:0:300}"
query='{"query":"{ users_by_pk(id: \"github|583231\") { id name } }"}'
expect='{"data":{"users_by_pk":{"id":"github|583231","name":"Bench User"}}}'
check() { # LABEL URL HEADER -- the answer must be the user's row
  local body
  body="$(curl -s --max-time 5 -H "Content-Type: application/json" -H "$3" -d "$query" "$2")"
  [[ "$body" == "$expect" ]] || die "$1 answered ${body:0:300} instead of $expect"
}
check proxy "$base/v1/graphql" "Cookie: $cookie"
check direct "$upstream" "Authorization: Bearer $token"
log "both targets answer the query"

declare -A URL=([proxy]="$base/v1/graphql" [direct]="$upstream")
declare -A HDR=([proxy]="Cookie: $cookie" [direct]="Authorization: Bearer $token")
LINE=""
cpu_ticks() { cut -d' ' -f14,15 "/proc/$1/stat" | awk '{ print $1 + $2 }'; } # utime + stime of PID, in ticks
load() { # TARGET SECONDS [RATE] -- one wrk run (paced to RATE requests/s when given); sets LINE to its BENCH line,
  # with the CPU time the bridge, the upstream and wrk each spent per request (µs, from /proc and /usr/bin/time)
  local b0 u0 b1 u1 n tick_us=$(( 1000000 / $(getconf CLK_TCK) ))
  b0="$(cpu_ticks "${SERVER_PID[authbridge]}")"; u0="$(cpu_ticks "${SERVER_PID[upstream]}")"
  BENCH_RATE_PER_THREAD="$(( ${3:-0} / 2 ))" timeout $(( $2 + 60 )) /usr/bin/time -f "%U %S" -o "$RUN_DIR/wrk.cpu" \
    wrk -t2 -c"$CONNS" -d"$2s" --timeout 5s --latency -H "${HDR[$1]}" \
    -s "$BENCH_DIR/graphql_post.lua" "${URL[$1]}" >"$RUN_DIR/wrk.out" 2>&1 || true
  b1="$(cpu_ticks "${SERVER_PID[authbridge]}")"; u1="$(cpu_ticks "${SERVER_PID[upstream]}")"
  cat "$RUN_DIR/wrk.out" >> "$RUN_DIR/wrk-$1.txt"
  LINE="$(grep '^BENCH ' "$RUN_DIR/wrk.out" | tail -n 1 || true)"
  LINE="${LINE:-BENCH error=no_output}"
  n="$(field "$LINE" requests)"
  if [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
    LINE="$LINE $(awk -v b=$(( (b1 - b0) * tick_us )) -v u=$(( (u1 - u0) * tick_us )) -v n="$n" \
      '{ printf "bridge_cpu_us=%.1f upstream_cpu_us=%.1f wrk_cpu_us=%.1f", b / n, u / n, ($1 + $2) * 1e6 / n }' \
      "$RUN_DIR/wrk.cpu")"
  fi
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

if (( WARMUP > 0 )); then
  for t in proxy direct; do log "warm-up ${WARMUP}s: $t"; load "$t" "$WARMUP"; done
fi
rounds() { # SUFFIX [RATE] -- the alternating rounds; each target's results go to $RUN_DIR/$t.runs$SUFFIX
  local r t order
  for (( r = 1; r <= ROUNDS; r++ )); do
    order=(proxy direct); (( r % 2 == 0 )) && order=(direct proxy)
    for t in "${order[@]}"; do
      load "$t" "$SECS" "${2:-}"
      log "round $r/$ROUNDS $t${2:+ at $2/s}: rps=$(field "$LINE" rps) p50=$(field "$LINE" p50_ms)" \
          "p99=$(field "$LINE" p99_ms) non2xx=$(field "$LINE" non2xx) errors=$(field "$LINE" socket_errors)"
      echo "round=$r target=$t${2:+ rate=$2} $LINE" >> "$RUN_DIR/runs.txt"
      [[ "$LINE" == *error=* ]] ||
        echo "$(field "$LINE" rps) $(field "$LINE" p50_ms) $(field "$LINE" p99_ms) $(( $(field "$LINE" non2xx) + $(field "$LINE" socket_errors) ))" \
          "$(field "$LINE" bridge_cpu_us) $(field "$LINE" upstream_cpu_us) $(field "$LINE" wrk_cpu_us)" >> "$RUN_DIR/$t.runs$1"
    done
  done
}
rounds ""
[[ -z "$RATE" ]] || rounds .rate "$RATE"

# after the load: the proxy still answers as the user, the upstream saw Authorization on every request
check proxy-after "$base/v1/graphql" "Cookie: $cookie"
stats="$(curl -s --max-time 5 "${upstream%/v1/graphql}/stats")"
rss="$(group_mem_mb authbridge VmRSS)"; hwm="$(group_mem_mb authbridge VmHWM)"
warnings="$(grep -cE ' (WARN|ERROR) ' "$RUN_DIR/authbridge.log" || true)"

median() { sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR == 0) exit; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A RPS=() P50=() P99=() CPU=()
table() { # SUFFIX -- the medians of $t.runs$SUFFIX as a markdown table and the ratio line
  local t label
  for t in proxy direct; do
    [[ -s "$RUN_DIR/$t.runs$1" ]] || die "all $t runs failed (see $RUN_DIR/runs.txt)"
    RPS[$t]="$(median "$RUN_DIR/$t.runs$1" 1)"; P50[$t]="$(median "$RUN_DIR/$t.runs$1" 2)"; P99[$t]="$(median "$RUN_DIR/$t.runs$1" 3)"
    CPU[$t]="$(median "$RUN_DIR/$t.runs$1" 5) $(median "$RUN_DIR/$t.runs$1" 6) $(median "$RUN_DIR/$t.runs$1" 7)"
  done
  echo "| target | requests/s | p50 ms | p99 ms | rps per run | non-2xx + socket errors | CPU µs/request: bridge · upstream · wrk |"
  echo "|---|--:|--:|--:|---|--:|--:|"
  for t in proxy direct; do
    label="$([[ $t == proxy ]] && echo "proxy (bridge /v1/graphql, cookie)" || echo "direct (upstream, Bearer)")"
    printf '| %s | %.0f | %.2f | %.2f | %s | %s | %.0f · %.0f · %.0f |\n' "$label" "${RPS[$t]}" "${P50[$t]}" "${P99[$t]}" \
      "$(awk '{ printf "%s%.0f", (NR > 1 ? " · " : ""), $1 }' "$RUN_DIR/$t.runs$1")" \
      "$(awk '{ s += $4 } END { print s + 0 }' "$RUN_DIR/$t.runs$1")" \
      ${CPU[$t]}
  done
  echo
}
{
  echo
  echo "GraphQL proxy bench — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk 2 threads × $CONNS connections," \
       "${SECS} s × $ROUNDS rounds (+${WARMUP} s warm-up each), medians; load average before/after: $LOAD_BEFORE / $(loadavg)"
  echo
  table ""
  awk -v p="${RPS[proxy]}" -v d="${RPS[direct]}" -v a="${P50[proxy]}" -v b="${P50[direct]}" 'BEGIN {
    r = p / d; add = a - b
    printf "proxy/direct requests/s: %.2f× (goal ≥ 0.80×: %s); added p50: %.2f ms (goal ≤ 1 ms: %s)\n",
      r, (r >= 0.8 ? "met" : "MISSED"), add, (add <= 1 ? "met" : "MISSED") }'
  # shellcheck disable=SC2086 # three numbers each
  awk -v cores="$(nproc)" -v p="${CPU[proxy]}" -v d="${CPU[direct]}" 'BEGIN {
    split(p, a, " "); split(d, b, " "); tp = a[1] + a[2] + a[3]; td = b[2] + b[3]
    printf "CPU per request: proxy run %.0f µs (bridge %.0f + upstream %.0f + wrk %.0f), direct run %.0f µs (upstream %.0f + wrk %.0f);\n", tp, a[1], a[2], a[3], td, b[2], b[3]
    printf "so %d cores fit at most %.0f proxied and %.0f direct requests/s (%.2f×), the single-threaded upstream alone %.0f/s.\n", cores, cores * 1e6 / tp, cores * 1e6 / td, td / tp, 1e6 / b[2] }'
  if [[ -n "$RATE" ]]; then
    echo
    echo "At a fixed $RATE requests/s offered to both (wrk paced by graphql_post.lua, same connections and rounds):"
    echo
    table .rate
    awk -v p="${RPS[proxy]}" -v d="${RPS[direct]}" -v a="${P50[proxy]}" -v b="${P50[direct]}" -v r="$RATE" 'BEGIN {
      add = a - b
      printf "achieved: proxy %.0f, direct %.0f of %d requests/s; added p50 at the same load: %.2f ms (goal ≤ 1 ms: %s)\n",
        p, d, r, add, (add <= 1 ? "met" : "MISSED") }'
  fi
  echo "Upstream (stand-in) counters: $stats — every request must carry Authorization (http_no_auth = 0)."
  echo "AuthBridge RSS after the load: $rss MB (peak $hwm MB); WARN/ERROR lines in its log: $warnings."
  echo "The upstream, the bridge and wrk share the cores. Raw runs: ${RUN_DIR#"$REPO_DIR"/}/runs.txt"
} | tee "$RUN_DIR/table.md"
