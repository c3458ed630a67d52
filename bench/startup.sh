#!/usr/bin/env bash
# bench/startup.sh [runs=5] -- time from process start to the first answered request (GET /api/auth/csrf), per
# launch mode, median of RUNS cold starts; prints one markdown table. Modes:
#   jdk17-jar          java -jar target/authbridge.jar, no options                  (README's plain jar line)
#   jdk17-cds          extracted jar + a CDS archive from a training run, shipped JVM options
#   jdk25-aot          extracted jar + -XX:AOTCache from a training run, shipped JVM options, without Spring AOT
#   jdk25-aot+spring   as jdk25-aot, plus Spring AOT (-Dspring.aot.enabled=true)                (what the Dockerfile ships)
#                      Skipped for a jar without Spring AOT's generated code (built before process-aot was part of
#                      every package).
# A training run starts the service, answers csrf, session and providers three times, and is stopped with TERM,
# as the Dockerfile's is. Archives live under bench/out/startup/ and match the jar they were trained on.
# Env: BENCH_SKIP_BUILD=1 uses the jar as it is; JDK17, JDK25 name the java binaries.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

RUNS="${1:-5}"
JAR="$REPO_DIR/target/authbridge.jar"
OUT="$LOG_DIR/startup"
JDK17="${JDK17:-java}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
SECRET="bench-only-secret-0123456789abcdef0123456789"
OPTS="$(shipped_java_opts)"

trap 'stop_all_servers' EXIT
trap 'exit 143' INT TERM
mkdir -p "$LOG_DIR"
build_jar_if_needed "$JAR" "$LOG_DIR/startup-build.log"
rm -rf "$OUT" && mkdir -p "$OUT"
"$JDK17" -Djarmode=tools -jar "$JAR" extract --destination "$OUT/app" >/dev/null
APP="$OUT/app/authbridge.jar"
SPRING_AOT=0
if unzip -l "$JAR" 2>/dev/null | grep '__BeanDefinitions' >/dev/null; then SPRING_AOT=1; fi

# train NAME JAVA ARGS... -- a training run as the Dockerfile's: start, answer a few requests, stop with TERM.
train() {
  local name="$1" port; shift
  port="$(free_port)"
  # shellcheck disable=SC2086 # OPTS is a list of options
  start_server "train-$name" "$OUT/train-$name.log" env AUTH_SECRET="$SECRET" PORT="$port" \
    AUTH_URL="http://127.0.0.1:$port" MALLOC_ARENA_MAX=2 "$@"
  if wait_ready "train-$name" "http://127.0.0.1:$port/api/auth/csrf" 120; then
    local n path
    for n in 1 2 3; do for path in csrf session providers; do
      curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/api/auth/$path" || true
    done; done
  fi
  # the JVM writes the archive on its way out: give it time beyond stop_server's 10 s
  local pid="${SERVER_PID[train-$name]}" i
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  stop_server "train-$name"
}

declare -A MODE_CMD=()
MODES=(jdk17-jar)
MODE_CMD[jdk17-jar]="$JDK17 -jar $JAR"
# shellcheck disable=SC2086
train cds "$JDK17" $OPTS -XX:ArchiveClassesAtExit="$OUT/app.jsa" -jar "$APP"
if [[ -s "$OUT/app.jsa" ]]; then
  MODES+=(jdk17-cds)
  MODE_CMD[jdk17-cds]="$JDK17 $OPTS -XX:SharedArchiveFile=$OUT/app.jsa -jar $APP"
fi
if [[ -x "$JDK25" ]]; then
  # shellcheck disable=SC2086
  train aot "$JDK25" $OPTS -XX:AOTCacheOutput="$OUT/app.aot" -jar "$APP"
  if [[ -s "$OUT/app.aot" ]]; then
    MODES+=(jdk25-aot)
    MODE_CMD[jdk25-aot]="$JDK25 $OPTS -XX:AOTCache=$OUT/app.aot -jar $APP"
  fi
  if (( SPRING_AOT )); then
    # shellcheck disable=SC2086
    train spring "$JDK25" $OPTS -Dspring.aot.enabled=true -XX:AOTCacheOutput="$OUT/app-spring.aot" -jar "$APP"
    if [[ -s "$OUT/app-spring.aot" ]]; then
      MODES+=(jdk25-aot+spring)
      MODE_CMD[jdk25-aot+spring]="$JDK25 $OPTS -Dspring.aot.enabled=true -XX:AOTCache=$OUT/app-spring.aot -jar $APP"
    fi
  fi
fi

echo "| mode | ready s (median of $RUNS) | min | max | first /providers s (median) | RSS after start MB | shipped |"
echo "|---|--:|--:|--:|--:|--:|---|"
for mode in "${MODES[@]}"; do
  times=() routed=() rss=""
  for run in $(seq 1 "$RUNS"); do
    port="$(free_port)"
    # shellcheck disable=SC2086 # the command line is split on purpose
    start_server "$mode" "$OUT/$mode-$run.log" env AUTH_SECRET="$SECRET" PORT="$port" \
      AUTH_URL="http://127.0.0.1:$port" MALLOC_ARENA_MAX=2 ${MODE_CMD[$mode]}
    wait_ready "$mode" "http://127.0.0.1:$port/api/auth/csrf" 60 || die "$mode did not start (see $OUT/$mode-$run.log)"
    times+=("${SERVER_READY_S[$mode]}")
    # the first answer from a route behind WebFlux (the two polled ones are answered ahead of it, HotPathRoutes)
    wait_ready "$mode" "http://127.0.0.1:$port/api/auth/providers" 60 || die "$mode did not answer /providers"
    routed+=("${SERVER_READY_S[$mode]}")
    rss="$(group_mem_mb "$mode" VmRSS)"
    stop_server "$mode"
  done
  case "$mode" in
    jdk25-aot+spring) shipped="yes (Dockerfile)" ;; jdk25-aot) shipped="no: without Spring AOT" ;;
    jdk17-jar) shipped="plain jar, no options" ;; *) shipped="–" ;;
  esac
  p="$(printf '%s\n' "${routed[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", t[int((NR + 1) / 2)] }')"
  printf '%s\n' "${times[@]}" | sort -n | awk -v m="$mode" -v r="$rss" -v s="$shipped" -v p="$p" '
    { t[NR] = $1 } END { printf "| %s | %.2f | %.2f | %.2f | %s | %s | %s |\n", m, t[int((NR + 1) / 2)], t[1], t[NR], p, r, s }'
done
echo
echo "ready = process start to the first answered GET /api/auth/csrf (polled every 50 ms); first /providers = to the" \
     "first answered GET /api/auth/providers, polled from then on; shipped JVM options: $OPTS"
