#!/usr/bin/env bash
# bench/session.sh -- load AuthBridge's hot path next to its peers and print one comparison table.
#
#   bash bench/session.sh [seconds=10] [rounds=2]
#
# Starts AuthBridge (and every peer bench/peers.sh has set up) on free loopback ports, one after the other so each
# start-up has the CPU to itself, then per round loads each target for <seconds> with ../shared/peers/bench.sh
# (wrk, 2 threads x 32 connections), alternating servers, and prints a markdown table of medians on stdout.
# Progress goes to stderr; raw per-run lines and server logs go to bench/out/.
#
# Env: BENCH_SKIP_BUILD=1   use target/authbridge.jar as it is
#      BENCH_WARMUP=10      seconds of unmeasured load per target before round 1 (JIT warm-up; 0 = none)
#      BENCH_CONNECTIONS=32 wrk connections (threads: 2, the machine's cores, set by bench.sh)
#      BENCH_PEERS="limit-java"  only these peers (default: every peer peers.sh knows; "" for none)
#      BENCH_JAR=path      load another AuthBridge jar (e.g. an older build, for a before/after); implies no build
#      AUTHBRIDGE_JAVA_OPTS JVM options for AuthBridge (default: the ones the Dockerfile ships; "" for none)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SECONDS_PER_RUN="${1:-10}"
ROUNDS="${2:-2}"
# The JVMs need a few 10 s of load before C2 has compiled the hot path (AuthBridge went 1,450 -> 2,800 rps over
# its first three 10 s runs here), so every target gets the same unmeasured warm-up first.
WARMUP="${BENCH_WARMUP:-10}"
CONNS="${BENCH_CONNECTIONS:-32}"
BENCH_SH="$PEERS_SRC/bench.sh"
JAR="${BENCH_JAR:-$REPO_DIR/target/authbridge.jar}"
# A fixed secret: minted cookies stay reproducible across runs. Bench only, never a deployment's.
AUTH_SECRET_BENCH="bench-only-authbridge-secret-0123456789abcdef"
RUN_DIR="$LOG_DIR/session-$(date +%Y%m%d-%H%M%S)"

# Targets: what is loaded, keyed by id; registered by start_authbridge / start_peer once ports and cookies are
# known. A peer that is not set up gets an empty URL and a note saying why.
# Load order alternates servers, so no server is loaded twice in a row; the table groups session, then csrf.
LOAD_ORDER=(ab-session limit-roll ab-csrf-kept nextauth ab-csrf authjs limit-const)
TABLE_ORDER=(ab-session limit-roll nextauth authjs ab-csrf ab-csrf-kept limit-const)
declare -A T_SERVER=() T_LABEL=() T_URL=() T_COOKIE=() T_CEIL=() T_NOTE=()
WATCHDOG=""
LOAD_PID=""      # the running bench.sh (own process group), so an interrupt can stop it mid-run
SAMPLER_PID=""

cleanup() {
  local rc=$?
  # bench.sh's `timeout` moves wrk into a process group of its own: kill_groups_below stops that one as well,
  # or wrk would keep loading a dead port until its -d runs out.
  [[ -n "$LOAD_PID" ]] && kill_groups_below "$LOAD_PID"
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  stop_all_servers
  [[ -n "$WATCHDOG" ]] && kill -- "-$WATCHDOG" 2>/dev/null || true
  exit "$rc"
}

check_args() {
  [[ "$SECONDS_PER_RUN" =~ ^[0-9]+$ ]] && (( SECONDS_PER_RUN >= 1 && SECONDS_PER_RUN <= 120 )) ||
    die "seconds must be 1..120 (bench.sh's bound)"
  [[ "$ROUNDS" =~ ^[0-9]+$ ]] && (( ROUNDS >= 1 && ROUNDS <= 20 )) || die "rounds must be 1..20"
  [[ "$WARMUP" =~ ^[0-9]+$ ]] && (( WARMUP <= 60 )) || die "BENCH_WARMUP must be 0..60"
  [[ -x "$BENCH_SH" || -f "$BENCH_SH" ]] || die "load script not found: $BENCH_SH"
}

# wrk is the tool the peer numbers were taken with; bench.sh would silently fall back to autocannon without it.
ensure_wrk() {
  command -v wrk >/dev/null && return 0
  if [[ "$(id -u)" == 0 ]]; then
    log "installing wrk"
    timeout 300 apt-get install -y wrk >/dev/null 2>&1 ||
      { timeout 300 apt-get update >/dev/null 2>&1 && timeout 300 apt-get install -y wrk >/dev/null 2>&1; } ||
      die "apt-get install -y wrk failed"
  else
    log "WARNING: wrk is missing and this is not root; bench.sh falls back to autocannon (numbers not comparable)"
  fi
}

# A hard ceiling on the whole run, so a wedged server or tool cannot keep the machine busy: every step is bounded
# on its own too, this catches the sum. The watchdog runs in its own process group and is stopped by that id.
start_watchdog() {
  local targets=7 limit
  limit=$(( 900 + 4 * 120 + targets * (WARMUP + 35 + ROUNDS * (SECONDS_PER_RUN + 35)) ))
  setsid bash -c 'sleep "$1"; echo "session.sh: time limit of $1 s reached, stopping" >&2; kill -TERM "$2"' \
    _ "$limit" "$$" </dev/null &
  WATCHDOG=$!
}

add_target() { # id server label url cookie ceiling-id [note]
  T_SERVER[$1]="$2"; T_LABEL[$1]="$3"; T_URL[$1]="$4"; T_COOKIE[$1]="$5"; T_CEIL[$1]="$6"; T_NOTE[$1]="${7:-}"
}

# Start AuthBridge, mint its cookie and prove the cookie signs in: loading a `{}` answer would measure the
# signed-out path, which bench.sh's 2xx preflight cannot tell apart.
start_authbridge() {
  local port token cookie body csrf_cookie
  port="$(free_port)"
  log "starting AuthBridge on 127.0.0.1:$port"
  # shellcheck disable=SC2086 # a list of options
  start_server authbridge "$RUN_DIR/authbridge.log" env PORT="$port" AUTH_URL="http://127.0.0.1:$port" \
    AUTH_SECRET="$AUTH_SECRET_BENCH" MALLOC_ARENA_MAX=2 java ${AUTHBRIDGE_JAVA_OPTS-$(shipped_java_opts)} -jar "$JAR"
  wait_ready authbridge "http://127.0.0.1:$port/api/auth/csrf" 120 ||
    { tail -n 30 "$RUN_DIR/authbridge.log" >&2; die "AuthBridge did not start"; }
  log "AuthBridge ready in ${SERVER_READY_S[authbridge]} s"
  token="$(mint_authbridge_jwt "$AUTH_SECRET_BENCH")"
  cookie="authbridge.session-token=$token"
  body="$(curl -s --max-time 5 -H "Cookie: $cookie" "http://127.0.0.1:$port/api/auth/session")"
  [[ "$body" == *'"user":{'* && "$body" == *'"accessToken":"'* ]] ||
    die "minted cookie does not sign in; /api/auth/session answered: ${body:0:300}"
  log "minted cookie signs in: ${body:0:80}..."
  add_target ab-session authbridge "AuthBridge" "http://127.0.0.1:$port/api/auth/session" "$cookie" limit-roll
  # csrf without a cookie: a first visit, so every request creates and signs a new token (the costlier path)
  add_target ab-csrf authbridge "AuthBridge, new token" "http://127.0.0.1:$port/api/auth/csrf" "" limit-const
  # csrf with the cookie a browser holds after its first visit: the token is checked and returned, no Set-Cookie
  csrf_cookie="$(curl -s -D - -o /dev/null --max-time 5 "http://127.0.0.1:$port/api/auth/csrf" |
    sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\);.*/\1/p')"
  [[ -n "$csrf_cookie" ]] || die "/api/auth/csrf set no cookie"
  add_target ab-csrf-kept authbridge "AuthBridge, token kept" "http://127.0.0.1:$port/api/auth/csrf" "$csrf_cookie" \
    limit-const
}

# Start one peer if peers.sh has built it (with a NOTE as second argument: do not, and say why); on any failure keep going without it, with the reason in the table.
start_peer() {
  local name="$1" port="" cookie="" body url="" note="${2:-}"
  if [[ -n "$note" ]]; then
    :
  elif ! peer_built "$name"; then
    note="not set up (run bench/peers.sh)"
  else
    port="$(free_port)"
    log "starting $name on 127.0.0.1:$port"
    peer_start "$name" "$port" "$RUN_DIR/$name.log"
    if ! wait_ready "$name" "$(peer_ready_url "$name" "$port")" 90; then
      note="failed to start (see $RUN_DIR/$name.log)"; stop_server "$name"
    elif ! cookie="$(peer_cookie "$name" "$port")"; then
      note="cookie failed"; stop_server "$name"
    else
      url="$(peer_session_url "$name" "$port")"
      body="$(curl -s --max-time 5 -H "Cookie: $cookie" "$url" || true)"
      if [[ "$body" != *'"user"'* ]]; then
        note="cookie does not sign in"; stop_server "$name"
      else
        log "$name ready in ${SERVER_READY_S[$name]} s, cookie signs in"
      fi
    fi
  fi
  local const_url="http://127.0.0.1:${port:-}/const"
  if [[ -n "$note" ]]; then
    log "$name: $note"
    url=""; cookie=""; const_url=""
  fi
  case "$name" in
    limit-java)
      add_target limit-roll limit-java "limit-java (ceiling)" "$url" "$cookie" limit-roll "$note"
      add_target limit-const limit-java "limit-java (ceiling)" "$const_url" "" limit-const "$note" ;;
    nextauth-v4)    add_target nextauth nextauth-v4 "NextAuth v4" "$url" "$cookie" limit-roll "$note" ;;
    authjs-express) add_target authjs authjs-express "Auth.js express" "$url" "$cookie" limit-roll "$note" ;;
  esac
}

# Max VmRSS of a server's process group while a load runs, sampled 4x a second into a file.
sample_rss() {
  local name="$1" out="$2" max=0 mb
  while :; do
    mb="$(group_mem_mb "$name" VmRSS)"
    (( mb > max )) && { max=$mb; echo "$max" > "$out"; }
    sleep 0.25
  done
}

# load TARGET-ID SECONDS -- one bench.sh run; sets LINE to its BENCH line (or an error line).
# bench.sh runs in the background and is waited for: `wait` returns as soon as a signal arrives, so Ctrl-C or the
# watchdog stop the run at once instead of after the current wrk run (a $(...) would block the trap until then).
load() {
  local id="$1" secs="$2" tmp="$RUN_DIR/$id.rss.now" out="$RUN_DIR/load.out"
  rm -f "$tmp" "$out"
  sample_rss "${T_SERVER[$id]}" "$tmp" &
  SAMPLER_PID=$!
  # BENCH_THREADS=2: the brief's 2 threads x 32 connections, whatever nproc says on another machine
  BENCH_THREADS=2 setsid bash "$BENCH_SH" "${T_URL[$id]}" "${T_COOKIE[$id]}" "$secs" "$CONNS" >"$out" 2>&1 </dev/null &
  LOAD_PID=$!
  wait "$LOAD_PID" || true
  LOAD_PID=""
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  if [[ -f "$tmp" ]]; then
    max_into "$RUN_DIR/$id.rss" "$(cat "$tmp")"
    rm -f "$tmp"
  fi
  LINE="$(grep '^BENCH ' "$out" | tail -n 1 || true)"
  LINE="${LINE:-BENCH error=no_output}"
}

max_into() { # FILE VALUE -- keep the larger number in FILE
  local cur=0
  [[ -f "$1" ]] && cur="$(cat "$1")"
  (( $2 > cur )) && echo "$2" > "$1" || true
}

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

# Round r loads every live target once; even rounds go in reverse so no target always follows the same one.
run_rounds() {
  local live=() id r order line i
  for id in "${LOAD_ORDER[@]}"; do
    if [[ -n "${T_URL[$id]}" ]]; then live+=("$id"); fi
  done
  if (( WARMUP > 0 )); then
    for id in "${live[@]}"; do
      log "warm-up ${WARMUP}s: ${T_LABEL[$id]} ${T_URL[$id]}"
      load "$id" "$WARMUP"; line="$LINE"
      [[ "$line" == *error=* ]] && log "  warm-up: $line"
    done
    rm -f "$RUN_DIR"/*.rss   # memory under load counts the measured rounds only
  fi
  for (( r = 1; r <= ROUNDS; r++ )); do
    order=("${live[@]}")
    if (( r % 2 == 0 )); then
      order=(); for (( i = ${#live[@]} - 1; i >= 0; i-- )); do order+=("${live[$i]}"); done
    fi
    for id in "${order[@]}"; do
      load "$id" "$SECONDS_PER_RUN"; line="$LINE"
      log "round $r/$ROUNDS ${T_LABEL[$id]} /$(target_path "$id"): rps=$(field "$line" rps) p50=$(field "$line" p50_ms) p99=$(field "$line" p99_ms) non2xx=$(field "$line" non2xx)"
      echo "round=$r id=$id $line" >> "$RUN_DIR/runs.txt"
      if [[ "$line" == *error=* ]]; then
        log "  run failed: $line"
      else
        echo "$(field "$line" rps) $(field "$line" p50_ms) $(field "$line" p99_ms) $(( $(field "$line" non2xx) + $(field "$line" socket_errors) ))" \
          >> "$RUN_DIR/$id.runs"
      fi
    done
  done
}

median() { # median of column $2 in file $1
  sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR == 0) exit; m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.2f×", a / b }'; }

# One markdown table: medians per target, ratios vs the ceiling target, server-level ready time and memory.
print_table() {
  local id ceil f rps p50 p99 errs n rss hwm path range
  declare -A RPS=() P99=()
  for id in "${TABLE_ORDER[@]}"; do
    f="$RUN_DIR/$id.runs"
    [[ -s "$f" ]] && { RPS[$id]="$(median "$f" 1)"; P99[$id]="$(median "$f" 3)"; }
  done
  echo
  echo "AuthBridge session bench — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk 2 threads × $CONNS connections," \
       "${SECONDS_PER_RUN} s × $ROUNDS rounds (+${WARMUP} s warm-up), medians; load average before/after: $LOAD_BEFORE / $(loadavg)"
  echo
  echo "| server | endpoint | rps | p50 ms | p99 ms | rps vs ceiling | p99 vs ceiling | ready s | RSS peak MB | RSS under load MB | rps min–max | runs | non2xx+errors |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  for id in "${TABLE_ORDER[@]}"; do
    path="$(target_path "$id")"
    f="$RUN_DIR/$id.runs"
    if [[ -z "${T_URL[$id]}" ]]; then
      echo "| ${T_LABEL[$id]} | /$path | ${T_NOTE[$id]} | | | | | | | | | | |"
      continue
    fi
    if [[ ! -s "$f" ]]; then
      echo "| ${T_LABEL[$id]} | /$path | all runs failed (see ${RUN_DIR#"$REPO_DIR"/}/runs.txt) | | | | | | | | | | |"
      continue
    fi
    ceil="${T_CEIL[$id]}"
    rps="${RPS[$id]}"; p50="$(median "$f" 2)"; p99="${P99[$id]}"
    n="$(wc -l < "$f")"; errs="$(awk '{ s += $4 } END { print s + 0 }' "$f")"
    rss="$(cat "$RUN_DIR/$id.rss" 2>/dev/null || echo '–')"
    hwm="${SERVER_HWM[${T_SERVER[$id]}]:-–}"
    range="$(sort -g "$f" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f–%.0f", lo, hi }')"
    printf '| %s | /%s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
      "${T_LABEL[$id]}" "$path" "$(awk -v v="$rps" 'BEGIN { printf "%.0f", v }')" \
      "$(awk -v v="$p50" 'BEGIN { printf "%.2f", v }')" "$(awk -v v="$p99" 'BEGIN { printf "%.2f", v }')" \
      "$( [[ "$ceil" == "$id" ]] && echo "1.00× (ceiling)" || ratio "$rps" "${RPS[$ceil]:-}")" \
      "$( [[ "$ceil" == "$id" ]] && echo "1.00×" || ratio "$p99" "${P99[$ceil]:-}")" \
      "${SERVER_READY_S[${T_SERVER[$id]}]:-–}" "$hwm" "$rss" "$range" "$n" "$errs"
  done
  # The question the table exists for, in one line: AuthBridge's session rps over each session peer's.
  local summary="" peer
  for peer in nextauth authjs limit-roll; do
    if [[ -n "${RPS[ab-session]:-}" && -n "${RPS[$peer]:-}" ]]; then
      summary+="${summary:+, }${T_LABEL[$peer]} $(ratio "${RPS[ab-session]}" "${RPS[$peer]}")"
    fi
  done
  echo
  [[ -z "$summary" ]] || echo "AuthBridge /api/auth/session rps relative to: $summary."
  echo "rps vs ceiling = rps / ceiling rps (higher is better); p99 vs ceiling = p99 / ceiling p99 (lower is better)." \
       "Ceiling: limit-java /session-roll for session endpoints, /const for csrf."
  echo "ready = process start to first answered request; RSS peak = VmHWM of the server process(es) after all loads;" \
       "RSS under load = highest sampled VmRSS during the measured rounds. Raw runs: ${RUN_DIR#"$REPO_DIR"/}/runs.txt"
}

target_path() {
  case "$1" in
    limit-roll) echo "session-roll" ;; limit-const) echo "const" ;; ab-csrf | ab-csrf-kept) echo "api/auth/csrf" ;;
    *) echo "api/auth/session" ;;
  esac
}

declare -A SERVER_HWM=()
record_hwm() {
  local name
  for name in "${SERVER_ORDER[@]}"; do
    [[ -n "${SERVER_PID[$name]:-}" ]] && SERVER_HWM[$name]="$(group_mem_mb "$name" VmHWM)"
  done
  return 0
}

# 1-minute load average: other work on a shared machine shows up here and in the numbers.
loadavg() { cut -d' ' -f1 /proc/loadavg; }

main() {
  check_args
  LOAD_BEFORE="$(loadavg)"
  if awk -v l="$LOAD_BEFORE" 'BEGIN { exit !(l >= 1) }'; then
    log "WARNING: load average is $LOAD_BEFORE before any server starts: something else is using the CPUs," \
        "so expect noisy numbers (ps -eo pid,pcpu,args --sort=-pcpu | head)"
  fi
  mkdir -p "$RUN_DIR"
  trap cleanup EXIT
  trap 'exit 143' INT TERM
  start_watchdog
  ensure_wrk
  [[ -n "${BENCH_JAR:-}" ]] || build_jar_if_needed "$JAR" "$RUN_DIR/build.log"
  start_authbridge
  local peer selected=" ${BENCH_PEERS-${PEER_NAMES[*]}} "
  for peer in "${PEER_NAMES[@]}"; do
    if [[ "$selected" == *" $peer "* ]]; then start_peer "$peer"; else start_peer "$peer" "not selected (BENCH_PEERS)"; fi
  done
  run_rounds
  # AuthBridge must still sign in after the load (same cookie), or the numbers measured the signed-out path.
  local body
  body="$(curl -s --max-time 5 -H "Cookie: ${T_COOKIE[ab-session]}" "${T_URL[ab-session]}")"
  [[ "$body" == *'"user":{'* ]] || log "WARNING: AuthBridge session no longer signed in after the load: ${body:0:200}"
  record_hwm
  print_table | tee "$RUN_DIR/table.md"
}

main "$@"
