#!/usr/bin/env bash
# bench/run.sh [seconds=10] [rounds=2] -- the whole performance picture in one command: builds AuthBridge (and the
# peers bench/peers.sh can set up), then runs, one after the other,
#   session.sh   GET /api/auth/session and /csrf under wrk next to the peers: one table, peers side by side
#   startup.sh   process start -> first answered request, first sign-in callback and first sign-up per launch
#                mode (JDK 17 jar ... JDK 25 + AOT cache)
#   signin.sh    full sign-ins per second through /dev-idp with a Hasura stand-in, and the bridge's added latency
# and prints their tables on stdout (progress on stderr). Peers that cannot be set up are skipped, and their rows say
# so. The machine should be quiet: the load average is printed before each part. About 13 minutes with the defaults.
# Env: BENCH_SKIP_BUILD=1, BENCH_SKIP_PEERS=1 (use the peers as they are), STARTUP_RUNS=5, SIGNIN_SECONDS=10,
#      SIGNIN_WORKERS=8, and each script's own variables.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SECONDS_PER_RUN="${1:-10}"
ROUNDS="${2:-2}"
RUN_DIR="$LOG_DIR/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"

build_jar_if_needed "$REPO_DIR/target/authbridge.jar" "$RUN_DIR/build.log"
if [[ "${BENCH_SKIP_PEERS:-0}" != 1 ]]; then
  bash "$BENCH_DIR/peers.sh" >&2 || log "some peers could not be set up; they are skipped"
fi

part() { echo; echo "## $1"; echo; echo "load average (1 min) before: $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"; echo; }
{
  part "Session and csrf under load (bench/session.sh $SECONDS_PER_RUN $ROUNDS)"
  BENCH_SKIP_BUILD=1 bash "$BENCH_DIR/session.sh" "$SECONDS_PER_RUN" "$ROUNDS"
  part "Startup (bench/startup.sh ${STARTUP_RUNS:-5})"
  BENCH_SKIP_BUILD=1 bash "$BENCH_DIR/startup.sh" "${STARTUP_RUNS:-5}"
  part "Sign-in flow (bench/signin.sh ${SIGNIN_SECONDS:-10} ${SIGNIN_WORKERS:-8})"
  BENCH_SKIP_BUILD=1 bash "$BENCH_DIR/signin.sh" "${SIGNIN_SECONDS:-10}" "${SIGNIN_WORKERS:-8}"
} | tee "$RUN_DIR/results.md"
log "tables saved in ${RUN_DIR#"$REPO_DIR"/}/results.md"
