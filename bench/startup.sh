#!/usr/bin/env bash
# bench/startup.sh [runs=5] -- time from process start to the first answered request (GET /api/auth/csrf), per
# launch mode, median of RUNS cold starts; prints one markdown table. Modes:
#   jdk17-jar        java -jar target/authbridge.jar                         (what README's jar line does)
#   jdk17-cds        extracted jar + a CDS archive trained with -Dspring.context.exit=onRefresh
#   jdk25-aot        extracted jar + -XX:AOTCache trained the same way (needs /usr/lib/jvm/temurin-25-jdk-amd64)
# The archives are built once per run under bench/out/startup/ and match the jar they were trained on.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUNS="${1:-5}"
JAR="$REPO_DIR/target/authbridge.jar"
OUT="$LOG_DIR/startup"
JDK17="${JDK17:-java}"
JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
SECRET="bench-only-secret-0123456789abcdef0123456789"

trap 'stop_all_servers' EXIT
mkdir -p "$LOG_DIR"

[[ -f "$JAR" && "${BENCH_SKIP_BUILD:-0}" == 1 ]] || (cd "$REPO_DIR" && ./mvnw -B -DskipTests package >"$LOG_DIR/startup-build.log") \
  || die "build failed"
rm -rf "$OUT" && mkdir -p "$OUT"
"$JDK17" -Djarmode=tools -jar "$JAR" extract --destination "$OUT/app" >/dev/null

# train JAVA ARGS... -- one start that stops after the context refresh, to record an archive.
train() {
  local java="$1"; shift
  AUTH_SECRET="$SECRET" PORT="$(free_port)" "$java" "$@" -Dspring.context.exit=onRefresh -jar "$OUT/app/authbridge.jar" \
    >"$OUT/train.log" 2>&1 || true
}
train "$JDK17" -XX:ArchiveClassesAtExit="$OUT/app.jsa"
[[ -x "$JDK25" ]] && train "$JDK25" -XX:AOTCacheOutput="$OUT/app.aot" --enable-native-access=ALL-UNNAMED

declare -A MODE_CMD=(
  [jdk17-jar]="$JDK17 -jar $JAR"
  [jdk17-cds]="$JDK17 -XX:SharedArchiveFile=$OUT/app.jsa -jar $OUT/app/authbridge.jar"
  [jdk25-aot]="$JDK25 -XX:AOTCache=$OUT/app.aot --enable-native-access=ALL-UNNAMED -jar $OUT/app/authbridge.jar"
)
MODES=(jdk17-jar jdk17-cds)
[[ -f "$OUT/app.aot" ]] && MODES+=(jdk25-aot)

echo "| mode | ready s (median of $RUNS) | min | max | RSS after start MB |"
echo "|---|--:|--:|--:|--:|"
for mode in "${MODES[@]}"; do
  times=() rss=""
  for run in $(seq 1 "$RUNS"); do
    port="$(free_port)"
    # shellcheck disable=SC2086 # the command line is split on purpose
    start_server "$mode" "$OUT/$mode-$run.log" env AUTH_SECRET="$SECRET" PORT="$port" \
      AUTH_URL="http://127.0.0.1:$port" ${MODE_CMD[$mode]}
    wait_ready "$mode" "http://127.0.0.1:$port/api/auth/csrf" 60 || die "$mode did not start (see $OUT/$mode-$run.log)"
    times+=("${SERVER_READY_S[$mode]}")
    rss="$(group_mem_mb "$mode" VmRSS)"
    stop_server "$mode"
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v m="$mode" -v r="$rss" '
    { t[NR] = $1 } END { printf "| %s | %.2f | %.2f | %.2f | %s |\n", m, t[int((NR + 1) / 2)], t[1], t[NR], r }'
done
