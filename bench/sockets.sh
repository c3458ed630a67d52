#!/usr/bin/env bash
# bench/sockets.sh [sockets=9000] -- how many idle GraphQL subscriptions one bridge holds, and its memory per socket.
#
# Starts bench/graphql_upstream.mjs (the Hasura stand-in) and target/authbridge.jar with the shipped JVM options
# (-Xms96m -Xmx192m, MaxDirectMemorySize=64m, SerialGC, ...), AUTH_HASURA_PROXY=true. A warm-up of 200 sockets is opened and
# closed (class loading and JIT are not per-socket costs), then the bridge is measured: RSS (/proc), heap used after a
# full GC (jcmd GC.run, then GC.heap_info), and Netty's direct memory if the Prometheus endpoint shows it. Then
# bench/idle_sockets.mjs opens N real graphql-ws clients through the bridge's /v1/graphql (cookie in the handshake,
# one subscription each, first result received, then idle), in batches, split over several Node processes; the
# bridge is measured again with all N open, and per-socket bytes and the projection to 10,000 sockets are printed
# against the shipped limits. Then it waits BENCH_IDLE_S (30) seconds, idle, and checks that all N are still open on
# the client, on the upstream (the stand-in counts its open sockets) and that the bridge is alive.
#
# Why 9000 by default: this machine's per-process open-file limit is a hard 20,000, and even root cannot raise it
# (the container has no CAP_SYS_RESOURCE: `prlimit --nofile` and `ulimit -Hn` above it fail with EPERM), and the
# bridge holds 2 file descriptors per proxied socket (the client's and its own upstream connection), so 9,000
# sockets = 18,000 fds plus the JVM's own (~30); 9,950 is about the most. 10,000 would need 20,000+ and cannot be
# tried here. The clients are split over BENCH_CLIENT_PROCS Node processes, each under the same limit (1 fd a socket).
# AUTH_HASURA_PROXY_MAX_SOCKETS (the bridge's own cap, 503 past it) is the shipped default (as many as the heap
# holds, which the startup log states) unless set.
# Env: BENCH_SKIP_BUILD=1, BENCH_IDLE_S=30, BENCH_CLIENT_PROCS=3, BENCH_BATCH=100 (per client process),
# AUTHBRIDGE_JAVA_OPTS (default: the Dockerfile's).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

N="${1:-9000}"
IDLE_S="${BENCH_IDLE_S:-30}"
PROCS="${BENCH_CLIENT_PROCS:-3}"
BATCH="${BENCH_BATCH:-100}"
JAR="$REPO_DIR/target/authbridge.jar"
SECRET="bench-only-authbridge-secret-0123456789abcdef"
ADMIN_SECRET="bench-only-hasura-admin-secret-0123456789"   # required with an endpoint; the stand-in ignores it
RUN_DIR="$LOG_DIR/sockets-$(date +%Y%m%d-%H%M%S)"

[[ "$N" =~ ^[0-9]+$ ]] && (( N >= 1 )) || die "sockets must be a positive number"
[[ "$PROCS" =~ ^[0-9]+$ ]] && (( PROCS >= 1 )) || die "BENCH_CLIENT_PROCS must be a positive number"
command -v node >/dev/null || die "node is missing"
command -v jcmd >/dev/null || die "jcmd is missing (a JDK, not a JRE)"
mkdir -p "$RUN_DIR"
CLIENT_PIDS=()
cleanup() {
  local pid
  for pid in "${CLIENT_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  stop_all_servers
}
trap cleanup EXIT
trap 'exit 143' INT TERM

fd_limit="$(ulimit -Hn)"
needed=$(( 2 * N + 200 ))
log "open-file limit (hard) $fd_limit; the bridge needs about 2 × $N + 200 = $needed"
(( needed <= fd_limit )) ||
  log "WARNING: $N sockets need about $needed file descriptors in the bridge, over the hard limit of $fd_limit"
ulimit -n "$fd_limit"

LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
build_jar_if_needed "$JAR" "$RUN_DIR/build.log"
start_proxy_stack "$RUN_DIR" "$JAR" "$SECRET" "$ADMIN_SECRET"
upstream="$UPSTREAM" port="$PORT" base="$BASE"
JAVA_OPTS_USED="${AUTHBRIDGE_JAVA_OPTS-$(shipped_java_opts)}"
XMX="$(grep -o -- '-Xmx[^ ]*' <<<"$JAVA_OPTS_USED" || echo 'the default -Xmx')"
MAX_DIRECT="$(grep -o -- 'MaxDirectMemorySize=[^ ]*' <<<"$JAVA_OPTS_USED" || echo 'MaxDirectMemorySize unset')"
SHIPPED="$([[ "$JAVA_OPTS_USED" == "$(shipped_java_opts)" ]] && echo 'shipped JVM options' || echo "JVM options: $JAVA_OPTS_USED")"
PID="${SERVER_PID[authbridge]}"
token="$(mint_authbridge_jwt "$SECRET")"
ws_url="ws://127.0.0.1:$port/v1/graphql"
log "bridge pid $PID, open-file limit of the bridge: $(awk '/Max open files/ { print $5 }' "/proc/$PID/limits"), AUTH_HASURA_PROXY_MAX_SOCKETS=${AUTH_HASURA_PROXY_MAX_SOCKETS:-from the heap}"

# --- measurements -----------------------------------------------------------------------------------------------
# 0 once the bridge is gone (an OutOfMemoryError exits it: -XX:+ExitOnOutOfMemoryError)
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$PID/status" 2>/dev/null || echo 0; }
fds() { find "/proc/$PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
# Heap used after a full GC, in KB: SerialGC's heap_info lists "used NNNK" for the young and the old generation.
heap_kb() {
  jcmd "$PID" GC.run >/dev/null; sleep 1; jcmd "$PID" GC.run >/dev/null
  jcmd "$PID" GC.heap_info | tee -a "$RUN_DIR/heap_info.txt" |
    awk '/(def new|tenured) generation/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); s += v } } END { print s + 0 }'
}
# Direct memory as the JVM counts it: the JDK's buffer pool, plus Netty's own counter when Reactor Netty's metrics
# show it (its unpooled/noCleaner buffers bypass the JDK's count); "n/a" when the endpoint does not have it.
direct_kb() {
  local body
  body="$(curl -s --max-time 10 "$base/actuator/prometheus" || true)"
  awk '/^jvm_buffer_memory_used_bytes\{.*id="direct"/ { s += $2; found = 1 }
       /^reactor_netty_bytebuf_allocator_used_direct_memory/ { s += $2; found = 1 }
       END { if (found) printf "%.0f", s / 1024; else print "n/a" }' <<<"$body"
}
declare -A M=()
# Live objects by class (GC.class_histogram runs a full GC first): "class bytes" lines, for the per-socket diff.
histogram() { jcmd "$PID" GC.class_histogram | awk '$1 ~ /^[0-9]+:$/ { print $4, $3 }' > "$RUN_DIR/histo-$1.txt"; }
measure() { # LABEL
  histogram "$1"
  M[$1.heap]="$(heap_kb)"; sleep 1
  M[$1.rss]="$(rss_kb)"; M[$1.direct]="$(direct_kb)"; M[$1.fds]="$(fds)"
  log "$1: heap used after GC ${M[$1.heap]} KB, RSS ${M[$1.rss]} KB, direct ${M[$1.direct]} KB, fds ${M[$1.fds]}"
}

# --- clients ----------------------------------------------------------------------------------------------------
status_sum() { # FIELD -- summed over the client processes' status files
  local f total=0 v
  for f in "$RUN_DIR"/clients-*.json; do
    v="$(sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$f" 2>/dev/null)"; total=$(( total + ${v:-0} ))
  done
  echo "$total"
}
all_idle() { local f; for f in "$RUN_DIR"/clients-*.json; do grep -q '"phase":"idle"' "$f" 2>/dev/null || return 1; done; }
open_clients() { # COUNT PREFIX -- COUNT sockets over PROCS processes; waits until each process has opened its share
  local count="$1" prefix="$2" i share rest deadline
  rm -f "$RUN_DIR"/clients-*.json
  CLIENT_PIDS=()
  rest="$count"
  for (( i = 0; i < PROCS && rest > 0; i++ )); do
    share=$(( (count + PROCS - 1) / PROCS )); (( share > rest )) && share=$rest
    rest=$(( rest - share ))
    node "$BENCH_DIR/idle_sockets.mjs" "$ws_url" "$token" "$share" "$RUN_DIR/clients-$prefix$i.json" "$BATCH" \
      >"$RUN_DIR/clients-$prefix$i.log" 2>&1 &
    CLIENT_PIDS+=($!)
  done
  sleep 1
  deadline=$(( $(date +%s) + 60 + count / 10 ))
  until all_idle; do
    if (( $(date +%s) > deadline )); then log "clients not done opening by the deadline"; return 1; fi
    sleep 2
    log "  opening: connected $(status_sum connected), first results $(status_sum results), closed $(status_sum closed), errors $(status_sum errors), stalled $(status_sum stalled); bridge fds $(fds), RSS $(( $(rss_kb) / 1024 )) MB"
  done
}
close_clients() {
  local pid
  for pid in "${CLIENT_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  CLIENT_PIDS=()
}
closes_seen() { cat "$RUN_DIR"/clients-*.json 2>/dev/null | sed -n 's/.*"closes":\({[^}]*}\).*"firstError":\(.*\),"phase".*/closes \1, first error \2/p' | sort | uniq -c; }

log "warm-up: 200 sockets opened and closed"
open_clients 200 warm || true
log "warm-up: $(status_sum results) of 200 got their first result"
close_clients
sleep 3
measure before

log "opening $N sockets (${PROCS} client processes, batches of $BATCH each)"
t0="$(date +%s)"
opened_ok=1
open_clients "$N" run || opened_ok=0
open_s=$(( $(date +%s) - t0 ))
results="$(status_sum results)"; closed="$(status_sum closed)"; errors="$(status_sum errors)"; stalled="$(status_sum stalled)"
log "$results of $N sockets got their first result in ${open_s} s (closed $closed, errors $errors, stalled $stalled)"
alive=1; kill -0 "$PID" 2>/dev/null || alive=0
(( alive )) && measure open
# the HTTP proxy to the same upstream while the sockets are open (it shares the bridge's client resources)
query='{"query":"{ users_by_pk(id: \"github|583231\") { id name } }"}'
http_check="$(curl -s -o "$RUN_DIR/http-check.json" -w '%{http_code} in %{time_total} s' --max-time 40 \
  -H 'Content-Type: application/json' -H "Cookie: authbridge.session-token=$token" -d "$query" "$base/v1/graphql" || true)"
http_check="$http_check: $(head -c 200 "$RUN_DIR/http-check.json" 2>/dev/null)"
log "POST /v1/graphql with $results sockets open: $http_check"
log "idle for ${IDLE_S} s"
sleep "$IDLE_S"
alive_after=1; kill -0 "$PID" 2>/dev/null || alive_after=0
open_after="$(status_sum open)"; closed_after="$(status_sum closed)"
up_stats="$(curl -s --max-time 5 "${upstream%/v1/graphql}/stats" || echo '{}')"
up_open="$(sed -n 's/.*"ws_open":\([0-9]*\).*/\1/p' <<<"$up_stats")"
rss_after_idle="$(( alive_after ? $(rss_kb) : 0 ))"
oom="$(grep -c 'OutOfMemoryError' "$RUN_DIR/authbridge.log" || true)"
warnings="$(grep -cE ' (WARN|ERROR) ' "$RUN_DIR/authbridge.log" || true)"

# --- table --------------------------------------------------------------------------------------------------------
kb_mb() { awk -v k="$1" 'BEGIN { if (k == "n/a" || k == "") print "n/a"; else printf "%.1f", k / 1024 }'; }
per_socket() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (a == "n/a" || b == "n/a" || a == "" || b == "") print "n/a"; else printf "%.0f", (b - a) * 1024 / n }'; }
project() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (a == "n/a" || b == "n/a" || a == "" || b == "") print "n/a"; else printf "%.1f", (a + (b - a) * 10000 / n) / 1024 }'; }
{
  echo
  echo "GraphQL WebSocket proxy, idle subscriptions — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $SHIPPED" \
       "($XMX heap, $MAX_DIRECT), $N sockets" \
       "over $PROCS Node processes in batches of $BATCH; load average before/after: $LOAD_BEFORE / $(cut -d' ' -f1 /proc/loadavg)"
  echo
  if (( alive )); then
    echo "| bridge memory | before (after a 200-socket warm-up) | with $results sockets open | per socket | projected at 10,000 sockets | limit (this run) |"
    echo "|---|--:|--:|--:|--:|--:|"
    echo "| heap used after full GC | $(kb_mb "${M[before.heap]}") MB | $(kb_mb "${M[open.heap]}") MB | $(per_socket "${M[before.heap]}" "${M[open.heap]}" "$results") B | $(project "${M[before.heap]}" "${M[open.heap]}" "$results") MB | $XMX |"
    echo "| direct memory (JVM buffer pool$(grep -q reactor_netty_bytebuf <(curl -s "$base/actuator/prometheus") && echo ' + Netty')) | $(kb_mb "${M[before.direct]}") MB | $(kb_mb "${M[open.direct]}") MB | $(per_socket "${M[before.direct]}" "${M[open.direct]}" "$results") B | $(project "${M[before.direct]}" "${M[open.direct]}" "$results") MB | $MAX_DIRECT |"
    echo "| RSS | $(kb_mb "${M[before.rss]}") MB | $(kb_mb "${M[open.rss]}") MB | $(per_socket "${M[before.rss]}" "${M[open.rss]}" "$results") B | $(project "${M[before.rss]}" "${M[open.rss]}" "$results") MB | – |"
    echo "| open file descriptors | ${M[before.fds]} | ${M[open.fds]} | $(awk -v a="${M[before.fds]}" -v b="${M[open.fds]}" -v n="$results" 'BEGIN { printf "%.2f", (b - a) / n }') | $(awk -v a="${M[before.fds]}" -v b="${M[open.fds]}" -v n="$results" 'BEGIN { printf "%.0f", a + (b - a) * 10000 / n }') | $fd_limit (hard, this machine) |"
  else
    echo "The bridge process DIED while the sockets were opening (see ${RUN_DIR#"$REPO_DIR"/}/authbridge.log)."
  fi
  echo
  echo "Opening: $results of $N subscriptions got their first result in ${open_s} s; closed $closed, errors $errors, stalled $stalled$(
    gave="$(cat "$RUN_DIR"/clients-run*.json | sed -n 's/.*"gaveUpAt":\([0-9]*\).*/\1/p' | paste -sd+ -)"
    [[ -n "$gave" ]] && echo "; the clients GAVE UP opening (two batches in a row without a result) after trying $gave sockets")."
  echo "POST /v1/graphql through the proxy with the sockets open: $http_check"
  echo "After ${IDLE_S} s idle: clients still open $open_after of $results, closed during the idle wait $(( closed_after - closed )); the upstream holds $up_open sockets;" \
       "bridge $( (( alive_after )) && echo "alive, RSS $(kb_mb "$rss_after_idle") MB" || echo DEAD); OutOfMemoryError in its log: $oom; WARN/ERROR lines: $warnings."
  [[ "$closed_after" == 0 && "$errors" == 0 && "$stalled" == 0 ]] || { echo "Closes and errors by client process:"; closes_seen | sed 's/^/    /'; }
  if (( alive )) && (( results > 0 )); then
    echo "Heap growth by class with the sockets open (GC.class_histogram, with N open − before), bytes per socket, top 12:"
    awk -v n="$results" 'FNR == NR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) printf "%.0f %s\n", d / n, $1 }' \
      "$RUN_DIR/histo-before.txt" "$RUN_DIR/histo-open.txt" | sort -rn | head -n 12 | awk '{ printf "    %6d B  %s\n", $1, $2 }'
  fi
  echo "Upstream (stand-in) counters: $up_stats — connection_init without Authorization must be 0 (ws_no_auth)."
  echo "Per socket = (with N open − before) / N. The fd limit here is a hard $fd_limit per process and the bridge takes 2 per" \
       "socket (client + upstream), so 10,000 sockets (20,000+ fds) cannot be opened on this machine: the 10,000 column is a projection."
  (( opened_ok )) || echo "The clients did not finish opening by the deadline."
} | tee "$RUN_DIR/table.md"
