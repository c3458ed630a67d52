#!/usr/bin/env bash
# bench/algorithms.sh -- /api/auth/session requests/s with each access token algorithm, in one run.
#
#   bash bench/algorithms.sh [seconds=10] [rounds=2]
#
# Starts one AuthBridge per algorithm on free loopback ports: HS256 (the default shared key), and Hasura's jwk_url
# with keys the bridge generates in each algorithm AUTH_JWT_ALGORITHM offers, RS256 (RSA 2048), ES256 (P-256) and
# EdDSA (Ed25519), each on its own database of one throwaway PostgreSQL (lib.sh's pg_start; the hot path reads the
# keys from memory, never from it). Each server gets the same unmeasured warm-up, then every round loads each for
# <seconds> with ../shared/peers/bench.sh (wrk, 2 threads x 32 connections), alternating servers, and a markdown
# table of medians goes to stdout. Progress to stderr; raw lines and logs to bench/out/.
#
# Env: BENCH_SKIP_BUILD=1, BENCH_WARMUP=10, BENCH_CONNECTIONS=32, BENCH_JAR, AUTHBRIDGE_JAVA_OPTS: as bench/session.sh.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SECONDS_PER_RUN="${1:-10}"
ROUNDS="${2:-2}"
WARMUP="${BENCH_WARMUP:-10}"
CONNS="${BENCH_CONNECTIONS:-32}"
BENCH_SH="$PEERS_SRC/bench.sh"
JAR="${BENCH_JAR:-$REPO_DIR/target/authbridge.jar}"
# A fixed secret: minted cookies stay reproducible across runs. Bench only, never a deployment's.
AUTH_SECRET_BENCH="bench-only-authbridge-secret-0123456789abcdef"
RUN_DIR="$LOG_DIR/algorithms-$(date +%Y%m%d-%H%M%S)"
ALGORITHMS=(HS256 RS256 ES256 EdDSA)
declare -A URL=() COOKIE=()
WATCHDOG=""
LOAD_PID=""

cleanup() {
  local rc=$?
  [[ -n "$LOAD_PID" ]] && kill_groups_below "$LOAD_PID"
  stop_all_servers
  [[ -n "$WATCHDOG" ]] && kill -- "-$WATCHDOG" 2>/dev/null || true
  exit "$rc"
}

check_args() {
  [[ "$SECONDS_PER_RUN" =~ ^[0-9]+$ ]] && (( SECONDS_PER_RUN >= 1 && SECONDS_PER_RUN <= 120 )) ||
    die "seconds must be 1..120 (bench.sh's bound)"
  [[ "$ROUNDS" =~ ^[0-9]+$ ]] && (( ROUNDS >= 1 && ROUNDS <= 20 )) || die "rounds must be 1..20"
  [[ "$WARMUP" =~ ^[0-9]+$ ]] && (( WARMUP <= 60 )) || die "BENCH_WARMUP must be 0..60"
  [[ -f "$BENCH_SH" ]] || die "load script not found: $BENCH_SH"
  command -v wrk >/dev/null || die "wrk is missing (apt-get install -y wrk): bench.sh's fallback is not comparable"
  command -v openssl >/dev/null || die "openssl is missing: it mints the session cookie"
}

# A hard ceiling on the whole run; the watchdog runs in its own process group and is stopped by that id.
start_watchdog() {
  local limit=$(( 900 + ${#ALGORITHMS[@]} * (150 + WARMUP + 35 + ROUNDS * (SECONDS_PER_RUN + 35)) ))
  setsid bash -c 'sleep "$1"; echo "algorithms.sh: time limit of $1 s reached, stopping" >&2; kill -TERM "$2"' \
    _ "$limit" "$$" </dev/null &
  WATCHDOG=$!
}

# start_bridge ALGORITHM -- starts AuthBridge signing with it, mints a cookie and waits until /session signs in
# (generated keys load once the server listens) and hands out a token of that algorithm.
start_bridge() {
  local alg="$1" port name="ab-$1" body="" header i
  local -a keys=()
  port="$(free_port)"
  if [[ "$alg" != HS256 ]]; then
    pg_createdb "$PG_PORT" "keys_${alg,,}" || die "createdb failed"
    keys=(DATABASE_URL="postgres://bench@127.0.0.1:$PG_PORT/keys_${alg,,}" AUTH_JWT_ALGORITHM="$alg"
      HASURA_GRAPHQL_JWT_SECRET="{\"jwk_url\":\"http://127.0.0.1:$port/api/auth/jwks\"}")
  fi
  log "starting AuthBridge ($alg) on 127.0.0.1:$port"
  # shellcheck disable=SC2086 # a list of options
  start_server "$name" "$RUN_DIR/$name.log" env PORT="$port" AUTH_URL="http://127.0.0.1:$port" \
    AUTH_SECRET="$AUTH_SECRET_BENCH" "${keys[@]}" MALLOC_ARENA_MAX=2 \
    java ${AUTHBRIDGE_JAVA_OPTS-$(shipped_java_opts)} -jar "$JAR"
  wait_ready "$name" "http://127.0.0.1:$port/api/auth/csrf" 120 ||
    { tail -n 30 "$RUN_DIR/$name.log" >&2; die "AuthBridge ($alg) did not start"; }
  COOKIE[$alg]="authbridge.session-token=$(mint_authbridge_jwt "$AUTH_SECRET_BENCH")"
  URL[$alg]="http://127.0.0.1:$port/api/auth/session"
  for i in $(seq 1 100); do
    body="$(curl -s --max-time 10 -H "Cookie: ${COOKIE[$alg]}" "${URL[$alg]}" || true)"
    [[ "$body" == *'"accessToken":"'* ]] && break
    sleep 0.2
  done
  [[ "$body" == *'"accessToken":"'* ]] || die "AuthBridge ($alg): the minted cookie does not sign in: ${body:0:300}"
  header="$(sed -n 's/.*"accessToken":"\([^.]*\)\..*/\1/p' <<<"$body" | tr '_-' '/+')"
  header="$(printf '%s==' "$header" | base64 -d 2>/dev/null || true)"
  [[ "$header" == *"\"alg\":\"$alg\""* ]] || die "AuthBridge ($alg) signs with another algorithm: $header"
  log "AuthBridge ($alg) ready in ${SERVER_READY_S[$name]} s, access token header $header"
}

# load ALGORITHM SECONDS -- one bench.sh run; sets LINE to its BENCH line (or an error line).
load() {
  local out="$RUN_DIR/load.out"
  BENCH_THREADS=2 setsid bash "$BENCH_SH" "${URL[$1]}" "${COOKIE[$1]}" "$2" "$CONNS" >"$out" 2>&1 </dev/null &
  LOAD_PID=$!
  wait "$LOAD_PID" || true
  LOAD_PID=""
  LINE="$(grep '^BENCH ' "$out" | tail -n 1 || true)"
  LINE="${LINE:-BENCH error=no_output}"
}

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

median() { # median of column $2 in file $1
  sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR == 0) exit; m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'
}

run_rounds() {
  local alg r i order line
  if (( WARMUP > 0 )); then
    for alg in "${ALGORITHMS[@]}"; do
      log "warm-up ${WARMUP}s: $alg"; load "$alg" "$WARMUP"
      [[ "$LINE" == *error=* ]] && log "  warm-up: $LINE"
    done
  fi
  for (( r = 1; r <= ROUNDS; r++ )); do
    order=("${ALGORITHMS[@]}")
    if (( r % 2 == 0 )); then
      order=(); for (( i = ${#ALGORITHMS[@]} - 1; i >= 0; i-- )); do order+=("${ALGORITHMS[$i]}"); done
    fi
    for alg in "${order[@]}"; do
      load "$alg" "$SECONDS_PER_RUN"; line="$LINE"
      log "round $r/$ROUNDS $alg: rps=$(field "$line" rps) p50=$(field "$line" p50_ms) p99=$(field "$line" p99_ms) non2xx=$(field "$line" non2xx)"
      echo "round=$r alg=$alg $line" >> "$RUN_DIR/runs.txt"
      if [[ "$line" != *error=* ]]; then
        echo "$(field "$line" rps) $(field "$line" p50_ms) $(field "$line" p99_ms) $(( $(field "$line" non2xx) + $(field "$line" socket_errors) ))" \
          >> "$RUN_DIR/$alg.runs"
      fi
    done
  done
}

print_table() {
  local alg f rps hs=""
  echo
  echo "AuthBridge /api/auth/session by access token algorithm — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores," \
       "wrk 2 threads × $CONNS connections, ${SECONDS_PER_RUN} s × $ROUNDS rounds (+${WARMUP} s warm-up), medians;" \
       "load average before/after: $LOAD_BEFORE / $(cut -d' ' -f1 /proc/loadavg)"
  echo
  echo "| algorithm | rps | p50 ms | p99 ms | rps vs HS256 | runs | non2xx+errors |"
  echo "|---|--:|--:|--:|--:|--:|--:|"
  [[ -s "$RUN_DIR/HS256.runs" ]] && hs="$(median "$RUN_DIR/HS256.runs" 1)"
  for alg in "${ALGORITHMS[@]}"; do
    f="$RUN_DIR/$alg.runs"
    if [[ ! -s "$f" ]]; then echo "| $alg | all runs failed (see ${RUN_DIR#"$REPO_DIR"/}/runs.txt) | | | | | |"; continue; fi
    rps="$(median "$f" 1)"
    printf '| %s | %.0f | %.2f | %.2f | %s | %s | %s |\n' "$alg" "$rps" "$(median "$f" 2)" "$(median "$f" 3)" \
      "$(awk -v a="$rps" -v b="$hs" 'BEGIN { if (b + 0 == 0) print "–"; else printf "%.2f×", a / b }')" \
      "$(wc -l < "$f")" "$(awk '{ s += $4 } END { print s + 0 }' "$f")"
  done
  echo
  echo "Raw runs: ${RUN_DIR#"$REPO_DIR"/}/runs.txt"
}

main() {
  check_args
  LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
  mkdir -p "$RUN_DIR"
  trap cleanup EXIT
  trap 'exit 143' INT TERM
  start_watchdog
  [[ -n "${BENCH_JAR:-}" ]] || build_jar_if_needed "$JAR" "$RUN_DIR/build.log"
  PG_PORT="$(free_port)"
  pg_start postgres "$RUN_DIR/pg" "$PG_PORT" || die "PostgreSQL for the generated keys: $PG_PROBLEM"
  local alg
  for alg in "${ALGORITHMS[@]}"; do start_bridge "$alg"; done
  run_rounds
  print_table | tee "$RUN_DIR/table.md"
}

main "$@"
