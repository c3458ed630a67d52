#!/usr/bin/env bash
# bench/profile.sh [path=/api/auth/session] [seconds=20] -- a JFR CPU profile of AuthBridge under wrk load.
#
# Starts target/authbridge.jar (shipped JVM options, deep stacks for JFR), loads <path> for 15 s unmeasured (JIT
# warm-up), then records <seconds> under the same load (wrk 2 threads x 32 connections; /session with a minted
# session cookie) and prints the hottest methods, inclusive and leaf (bench/jfr_top.py). The recording stays in
# bench/out/profile-<timestamp>/ for JDK Mission Control. Env: BENCH_SKIP_BUILD=1, AUTHBRIDGE_JAVA_OPTS,
# AUTHBRIDGE_HOT_PATH=false (profile the WebFlux route instead).
# path /v1/graphql profiles the GraphQL proxy as bench/proxy.sh loads it: the upstream stand-in
# (graphql_upstream.mjs) behind AUTH_HASURA_PROXY=true, signed-in POSTs of bench/graphql_post.lua.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

URL_PATH="${1:-/api/auth/session}"
SECS="${2:-20}"
JAR="$REPO_DIR/target/authbridge.jar"
RUN_DIR="$LOG_DIR/profile-$(date +%Y%m%d-%H%M%S)"
SECRET="bench-only-authbridge-secret-0123456789abcdef"
[[ "$SECS" =~ ^[0-9]+$ ]] && (( SECS >= 5 && SECS <= 120 )) || die "seconds must be 5..120"
command -v wrk >/dev/null || die "wrk is missing (apt-get install -y wrk)"
mkdir -p "$RUN_DIR"
trap 'stop_all_servers' EXIT
trap 'exit 143' INT TERM
build_jar_if_needed "$JAR" "$RUN_DIR/build.log"

headers=()
if [[ "$URL_PATH" == /v1/graphql ]]; then
  AUTHBRIDGE_JAVA_OPTS="${AUTHBRIDGE_JAVA_OPTS-$(shipped_java_opts)} -XX:FlightRecorderOptions=stackdepth=256" \
    start_proxy_stack "$RUN_DIR" "$JAR" "$SECRET" "bench-only-hasura-admin-secret-0123456789"
  base="$BASE"
  headers=(-s "$BENCH_DIR/graphql_post.lua")
else
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  # shellcheck disable=SC2086 # a list of options
  start_server authbridge "$RUN_DIR/authbridge.log" env PORT="$port" AUTH_URL="$base" AUTH_SECRET="$SECRET" \
    MALLOC_ARENA_MAX=2 java ${AUTHBRIDGE_JAVA_OPTS-$(shipped_java_opts)} -XX:FlightRecorderOptions=stackdepth=256 -jar "$JAR"
  wait_ready authbridge "$base/api/auth/csrf" 120 || die "AuthBridge did not start"
fi
[[ "$URL_PATH" == */session || "$URL_PATH" == /v1/graphql ]] &&
  headers+=(-H "Cookie: authbridge.session-token=$(mint_authbridge_jwt "$SECRET")")
log "warm-up 15 s on $base$URL_PATH"
timeout 60 wrk -t2 -c32 -d15s "${headers[@]}" "$base$URL_PATH" >/dev/null
jcmd "${SERVER_PID[authbridge]}" JFR.start name=bench settings=profile duration="${SECS}s" \
  filename="$RUN_DIR/profile.jfr" >/dev/null
log "recording ${SECS} s under load"
timeout $(( SECS + 60 )) wrk -t2 -c32 -d"${SECS}s" --latency "${headers[@]}" "$base$URL_PATH" | tee "$RUN_DIR/wrk.txt" >&2
sleep 2
python3 "$BENCH_DIR/jfr_top.py" "$RUN_DIR/profile.jfr" 60
log "recording: ${RUN_DIR#"$REPO_DIR"/}/profile.jfr"
