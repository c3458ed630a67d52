#!/usr/bin/env bash
# bench/signin.sh -- full sign-ins per second through the development provider, with a Hasura stand-in.
#
#   bash bench/signin.sh [seconds=10] [workers=8]
#
# Starts bench/hasura_standin.py and AuthBridge (target/authbridge.jar, the JVM options the Dockerfile ships, with
# HASURA_GRAPHQL_ENDPOINT pointing at the stand-in, so every callback upserts the shadow user over HTTP), waits for a
# first good sign-in, loads 5 s unmeasured, then runs bench/signin.py with <workers> keep-alive clients for <seconds>.
# Prints one markdown table row set on stdout: sign-ins/s, latency per sign-in, the median of each step, and the
# bridge's added latency: the time of the four bridge requests (csrf, signin, callback, session) less the Hasura
# upsert's round trip as the bridge's own authbridge_hasura_upsert timer saw it. The provider's form POST is the
# provider's time, not the bridge's; the callback's code exchange with /dev-idp stays in (it is this process too).
# Env: BENCH_SKIP_BUILD=1 uses the jar as it is; BENCH_JAR another jar (e.g. an older commit's, to compare);
#      AUTHBRIDGE_JAVA_OPTS replaces the shipped JVM options.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SIGNIN_SECONDS="${1:-10}"
WORKERS="${2:-8}"
JAR="${BENCH_JAR:-$REPO_DIR/target/authbridge.jar}"
RUN_DIR="$LOG_DIR/signin-$(date +%Y%m%d-%H%M%S)"
SECRET="bench-only-authbridge-secret-0123456789abcdef"
ADMIN_SECRET="bench-only-hasura-admin-secret"

[[ "$SIGNIN_SECONDS" =~ ^[0-9]+$ ]] && (( SIGNIN_SECONDS >= 1 && SIGNIN_SECONDS <= 120 )) || die "seconds must be 1..120"
[[ "$WORKERS" =~ ^[0-9]+$ ]] && (( WORKERS >= 1 && WORKERS <= 64 )) || die "workers must be 1..64"
mkdir -p "$RUN_DIR"
trap 'stop_all_servers' EXIT
trap 'exit 143' INT TERM
build_jar_if_needed "$JAR" "$RUN_DIR/build.log"

hasura_port="$(free_port)"
start_server hasura "$RUN_DIR/hasura.log" python3 "$BENCH_DIR/hasura_standin.py" "$hasura_port" "$ADMIN_SECRET"
port="$(free_port)"
base="http://127.0.0.1:$port"
opts="${AUTHBRIDGE_JAVA_OPTS-$(shipped_java_opts)}"
log "starting AuthBridge on $base with Hasura stand-in on :$hasura_port ($opts)"
# shellcheck disable=SC2086 # opts is a list of options
start_server authbridge "$RUN_DIR/authbridge.log" env PORT="$port" AUTH_URL="$base" AUTH_SECRET="$SECRET" \
  AUTH_DEV_PROVIDER=true HASURA_GRAPHQL_ENDPOINT="http://127.0.0.1:$hasura_port/v1/graphql" \
  HASURA_GRAPHQL_ADMIN_SECRET="$ADMIN_SECRET" MALLOC_ARENA_MAX=2 java $opts -jar "$JAR"
wait_ready authbridge "$base/api/auth/csrf" 120 || { tail -n 30 "$RUN_DIR/authbridge.log" >&2; die "AuthBridge did not start"; }

# The provider is discovered once the server is up: wait for one good sign-in.
deadline=$(( $(date +%s) + 30 ))
until line="$(timeout 30 python3 "$BENCH_DIR/signin.py" "$base" 1 1)" && [[ "$line" == *" failed=0 "* && "$line" != *"signins=0 "* ]]; do
  (( $(date +%s) < deadline )) || die "no sign-in within 30 s: $line"
  sleep 0.5
done
log "first sign-in ok; warm-up 5 s, then ${SIGNIN_SECONDS} s with $WORKERS workers"
timeout 60 python3 "$BENCH_DIR/signin.py" "$base" 5 "$WORKERS" >/dev/null

upsert() { # sum and count of the bridge's own upsert timer, successful outcomes
  curl -s --max-time 5 "$base/actuator/prometheus" | awk '
    /^authbridge_hasura_upsert_seconds_sum/ && /outcome="success"/ { s += $2 }
    /^authbridge_hasura_upsert_seconds_count/ && /outcome="success"/ { c += $2 }
    END { printf "%.6f %d\n", s, c }'
}
read -r sum0 count0 <<<"$(upsert)"
rss_before="$(group_mem_mb authbridge VmRSS)"
line="$(timeout $(( SIGNIN_SECONDS + 60 )) python3 "$BENCH_DIR/signin.py" "$base" "$SIGNIN_SECONDS" "$WORKERS")"
read -r sum1 count1 <<<"$(upsert)"
echo "$line" >"$RUN_DIR/signin.txt"
log "$line"
value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }
step() { tr ',' '\n' <<<"$(value step_p50_ms)" | sed -n "s/^$1://p"; }
upsert_ms="$(awk -v s0="$sum0" -v s1="$sum1" -v c0="$count0" -v c1="$count1" \
  'BEGIN { if (c1 > c0) printf "%.2f", (s1 - s0) / (c1 - c0) * 1000; else print "nan" }')"
added="$(awk -v a="$(step csrf)" -v b="$(step signin)" -v c="$(step callback)" -v d="$(step session)" -v u="$upsert_ms" \
  'BEGIN { printf "%.2f", a + b + c + d - u }')"
echo "| sign-ins/s | p50 ms | p99 ms | csrf | signin | provider form | callback | session | Hasura upsert (mean) | bridge added (p50 steps − upsert) | failed | RSS MB |"
echo "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
echo "| $(value rate) | $(value p50_ms) | $(value p99_ms) | $(step csrf) | $(step signin) | $(step authorize) | $(step callback) | $(step session) | $upsert_ms | $added | $(value failed) | $(group_mem_mb authbridge VmHWM) |"
