#!/usr/bin/env bash
# bench/compare.sh [seconds=10] [rounds=2] LABEL=JAR... -- before/after: GET /api/auth/session on several AuthBridge
# jars (e.g. one per commit), each on its own port, loaded in turn with ../shared/peers/bench.sh (wrk 2 threads x 32
# connections) after a 10 s warm-up each, alternating jars in every round (even rounds reversed). Prints a markdown
# table of medians. All run with the same JVM options: AUTHBRIDGE_JAVA_OPTS, default the Dockerfile's.
#   git archive <commit> | tar -x -C /tmp/x && (cd /tmp/x && ./mvnw -B -DskipTests package)   # a jar per commit
#   bash bench/compare.sh 10 2 before=/tmp/x/target/authbridge.jar after=target/authbridge.jar
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SECS="${1:-10}"; ROUNDS="${2:-2}"; shift 2 || die "usage: compare.sh SECONDS ROUNDS LABEL=JAR..."
(( $# >= 1 )) || die "usage: compare.sh SECONDS ROUNDS LABEL=JAR..."
SECRET="bench-only-authbridge-secret-0123456789abcdef"
RUN_DIR="$LOG_DIR/compare-$(date +%Y%m%d-%H%M%S)"
OPTS="${AUTHBRIDGE_JAVA_OPTS-$(shipped_java_opts)}"
mkdir -p "$RUN_DIR"
trap 'stop_all_servers' EXIT
trap 'exit 143' INT TERM

LABELS=()
declare -A URL=()
for spec in "$@"; do
  label="${spec%%=*}" jar="${spec#*=}"
  [[ -f "$jar" ]] || die "no jar at $jar"
  port="$(free_port)"
  # shellcheck disable=SC2086 # a list of options
  start_server "$label" "$RUN_DIR/$label.log" env PORT="$port" AUTH_URL="http://127.0.0.1:$port" AUTH_SECRET="$SECRET" \
    MALLOC_ARENA_MAX=2 java $OPTS -jar "$jar"
  wait_ready "$label" "http://127.0.0.1:$port/api/auth/csrf" 120 || die "$label did not start"
  LABELS+=("$label"); URL[$label]="http://127.0.0.1:$port/api/auth/session"
  log "$label ready in ${SERVER_READY_S[$label]} s"
done
COOKIE="authbridge.session-token=$(mint_authbridge_jwt "$SECRET")"
run() { BENCH_THREADS=2 timeout $(( $2 + 60 )) bash "$PEERS_SRC/bench.sh" "${URL[$1]}" "$COOKIE" "$2" 32 | grep '^BENCH ' | tail -n 1; }
for label in "${LABELS[@]}"; do run "$label" 10 >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  order=("${LABELS[@]}")
  (( r % 2 == 0 )) && order=($(printf '%s\n' "${LABELS[@]}" | tac))
  for label in "${order[@]}"; do
    line="$(run "$label" "$SECS")"
    echo "$label $line" >>"$RUN_DIR/runs.txt"
    log "round $r/$ROUNDS $label: $(sed -n 's/.*\(rps=[^ ]*\).*\(p99_ms=[^ ]*\).*/\1 \2/p' <<<"$line")"
  done
done
echo "| jar | rps | p50 ms | p99 ms | rps min–max | RSS peak MB |"
echo "|---|--:|--:|--:|--:|--:|"
for label in "${LABELS[@]}"; do
  grep "^$label BENCH" "$RUN_DIR/runs.txt" | awk -v l="$label" -v hwm="$(group_mem_mb "$label" VmHWM)" '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1], NR] = kv[2] } n = NR }
    function med(k,   a, i, j, t) { for (i = 1; i <= n; i++) a[i] = v[k, i] + 0
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    function lo(k,   i, m) { m = v[k, 1] + 0; for (i = 2; i <= n; i++) if (v[k, i] + 0 < m) m = v[k, i] + 0; return m }
    function hi(k,   i, m) { m = v[k, 1] + 0; for (i = 2; i <= n; i++) if (v[k, i] + 0 > m) m = v[k, i] + 0; return m }
    END { printf "| %s | %.0f | %.2f | %.2f | %.0f–%.0f | %s |\n", l, med("rps"), med("p50_ms"), med("p99_ms"), lo("rps"), hi("rps"), hwm }'
done
echo
echo "GET /api/auth/session, wrk 2 threads x 32 connections, ${SECS} s x $ROUNDS rounds after 10 s warm-up, medians; JVM options: $OPTS"
