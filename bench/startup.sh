#!/usr/bin/env bash
# bench/startup.sh [runs=5] -- time from process start to the first answered request (GET /api/auth/csrf), to the
# first /api/auth/providers, to the first successful sign-in callback and to the first successful sign-up, per launch
# mode, median of RUNS cold starts each; prints one markdown table. Modes:
#   jdk17-jar          java -jar target/authbridge.jar, no options                  (README's plain jar line)
#   jdk17-cds          extracted jar + a CDS archive from a training run, shipped JVM options
#   jdk25-aot          extracted jar + -XX:AOTCache from a training run, shipped JVM options, without Spring AOT
#   jdk25-aot+spring   as jdk25-aot, plus Spring AOT (-Dspring.aot.enabled=true)                (what the Dockerfile ships)
#                      Skipped for a jar without Spring AOT's generated code (built before process-aot was part of
#                      every package).
# A training run starts the service, answers csrf, session and providers three times, and is stopped with TERM,
# as the Dockerfile's is. Archives live under bench/out/startup/ and match the jar they were trained on.
# Each run of a mode is four JVM starts in turn, three of them measured, so no two pollers compete for the 2 cores:
#   1. ready, first /providers and RSS, zero-config (the development provider on), as before;
#   2. the first sign-in callback: a "preparer" instance on port P takes a sign-in through /dev-idp up to the
#      callback and is stopped (its start is not measured); the measured instance starts on the same P with the same AUTH_SECRET and AUTH_URL
#      (flow cookie and code are sealed with keys derived from AUTH_SECRET, so a flow begun on one instance finishes
#      on another) and the callback URL is polled from process start until it answers 302 with a session cookie;
#   3. the first sign-up, with DATABASE_URL on a fresh database of a throwaway PostgreSQL (bench/out/startup/pg),
#      so the migrations run from scratch, racing the first POST /api/auth/signup.
# Env: BENCH_SKIP_BUILD=1 uses the jar as it is; JDK17, JDK25 name the java binaries; BENCH_MODES="jdk17-jar ..."
# (space or comma separated) runs (and trains) only those modes; PG_BIN names PostgreSQL's bin directory.
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
WANT=" ${BENCH_MODES:-jdk17-jar jdk17-cds jdk25-aot jdk25-aot+spring} "
WANT="${WANT//,/ }"
POLL_S=0.02 # between the end of one poll and the next; with curl's own run, a request every ~50 ms under load

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

wanted() { [[ "$WANT" == *" $1 "* ]]; }

declare -A MODE_CMD=()
MODES=()
if wanted jdk17-jar; then
  MODES+=(jdk17-jar)
  MODE_CMD[jdk17-jar]="$JDK17 -jar $JAR"
fi
if wanted jdk17-cds; then
  # shellcheck disable=SC2086
  train cds "$JDK17" $OPTS -XX:ArchiveClassesAtExit="$OUT/app.jsa" -jar "$APP"
  if [[ -s "$OUT/app.jsa" ]]; then
    MODES+=(jdk17-cds)
    MODE_CMD[jdk17-cds]="$JDK17 $OPTS -XX:SharedArchiveFile=$OUT/app.jsa -jar $APP"
  fi
fi
if [[ -x "$JDK25" ]]; then
  if wanted jdk25-aot; then
    # shellcheck disable=SC2086
    train aot "$JDK25" $OPTS -XX:AOTCacheOutput="$OUT/app.aot" -jar "$APP"
    if [[ -s "$OUT/app.aot" ]]; then
      MODES+=(jdk25-aot)
      MODE_CMD[jdk25-aot]="$JDK25 $OPTS -XX:AOTCache=$OUT/app.aot -jar $APP"
    fi
  fi
  if (( SPRING_AOT )) && wanted jdk25-aot+spring; then
    # shellcheck disable=SC2086
    train spring "$JDK25" $OPTS -Dspring.aot.enabled=true -XX:AOTCacheOutput="$OUT/app-spring.aot" -jar "$APP"
    if [[ -s "$OUT/app-spring.aot" ]]; then
      MODES+=(jdk25-aot+spring)
      MODE_CMD[jdk25-aot+spring]="$JDK25 $OPTS -Dspring.aot.enabled=true -XX:AOTCache=$OUT/app-spring.aot -jar $APP"
    fi
  fi
fi

(( ${#MODES[@]} )) || die "no launch mode to run (BENCH_MODES='${BENCH_MODES:-}')"

# The sign-up runs' PostgreSQL. Without it the sign-up column says n/a and why; the rest still runs.
PG_PORT="$(free_port)"
if pg_start postgres "$OUT/pg" "$PG_PORT"; then log "PostgreSQL on 127.0.0.1:$PG_PORT ($PG_BIN)"; else log "no sign-up column: $PG_PROBLEM"; fi

# start_mode NAME LOGFILE PORT MODE [ENV=VALUE...] -- an instance of MODE as every measured start runs it.
start_mode() {
  local name="$1" logfile="$2" port="$3" mode="$4"; shift 4
  # shellcheck disable=SC2086 # the command line is split on purpose
  start_server "$name" "$logfile" env AUTH_SECRET="$SECRET" PORT="$port" AUTH_URL="http://127.0.0.1:$port" \
    MALLOC_ARENA_MAX=2 "$@" ${MODE_CMD[$mode]}
}

# time_callback MODE RUN -- run 2 (see the top). Sets RESULT to the seconds from the measured instance's start to
# its first 302 with a session cookie, or FAILURE to why there is none.
time_callback() {
  local mode="$1" run="$2" port base jar callback issued headers status location cookie deadline polls seen answered
  RESULT="" FAILURE=""
  port="$(free_port)" base="http://127.0.0.1:$port" jar="$OUT/$mode-$run.flow-cookies"
  headers="$OUT/$mode-$run.callback-headers"
  rm -f "$jar"
  start_mode "prep-$mode" "$OUT/$mode-$run-prep.log" "$port" "$mode"
  # /providers answers once the providers' startup work (the dev IdP's discovery) has had its first attempt
  if wait_ready "prep-$mode" "$base/api/auth/providers" 90; then
    callback="$(dev_signin_to_callback "$base" "$jar")" || callback=""
  fi
  issued="$(now_ns)"
  stop_server "prep-$mode"
  [[ -n "${callback:-}" ]] || { FAILURE="preparation failed (see $OUT/$mode-$run-prep.log)"; return 0; }
  wait_port_free "$port" 10 || { FAILURE="port $port still taken after the preparer stopped"; return 0; }
  start_mode "$mode-cb" "$OUT/$mode-$run-callback.log" "$port" "$mode"
  deadline=$(( EPOCHSECONDS + 90 )) polls=0 seen=""
  while :; do
    polls=$(( polls + 1 ))
    # the flow cookie is sent and never updated (-b only): every poll is the same request a browser would repeat.
    # One process per poll (curl; the headers go to a file, read only on a redirect), so polling stays frequent
    # while the JVM takes both cores; 000 = no connection (yet), or no answer in 30 s.
    status="$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' --max-time 30 -b "$jar" "$callback" 2>/dev/null || true)"
    answered="${EPOCHREALTIME/[.,]/}000"
    [[ " $seen " == *" $status "* ]] || seen+=" $status"
    if [[ "$status" == 302 ]]; then
      location="$(tr -d '\r' <"$headers" | awk 'tolower($1) == "location:" { print $2 }')"
      cookie="$(grep -io '^set-cookie: authbridge\.session-token=[^;]' "$headers" || true)"
      if [[ -n "$cookie" && "$location" != "$base/api/auth/error"* ]]; then
        RESULT="$(since_start_s "$mode-cb" "$answered")"
        log "$mode run $run: callback signed in after ${RESULT}s, poll $polls (one per" \
          "$(awk -v t="$RESULT" -v n="$polls" 'BEGIN { printf "%.0f", t * 1000 / n }') ms; answers seen:$seen; the code was" \
          "$(( ($(now_ns) - issued) / 1000000000 )) s old, 60 s allowed)"
      else
        FAILURE="302 to ${location:0:100}"
      fi
      break
    fi
    # anything else (no connection yet, a timeout, a non-redirect answer) is not an answer to the flow yet
    if ! kill -0 "${SERVER_PID[$mode-cb]}" 2>/dev/null; then FAILURE="exited before the callback succeeded"; break; fi
    if (( EPOCHSECONDS >= deadline )); then FAILURE="no successful callback in 90 s (last status $status)"; break; fi
    sleep "$POLL_S"
  done
  stop_server "$mode-cb"
}

# time_signup MODE RUN -- run 3 (see the top). Sets RESULT to the seconds from process start to the first 200 with
# a session cookie, or FAILURE to why there is none; FAILED_ANSWERS counts answers that were not a success.
SIGNUPS=0
time_signup() {
  local mode="$1" run="$2" port base db jar token headers body status cookie deadline email polls answered
  RESULT="" FAILURE="" FAILED_ANSWERS=0
  [[ -z "$PG_PROBLEM" ]] || { FAILURE="n/a"; return 0; }
  SIGNUPS=$(( SIGNUPS + 1 ))
  db="signup_$SIGNUPS"
  pg_createdb "$PG_PORT" "$db" 2>>"$OUT/pg/createdb.log" || { FAILURE="createdb $db failed"; return 0; }
  port="$(free_port)" base="http://127.0.0.1:$port" jar="$OUT/$mode-$run.signup-cookies"
  headers="$OUT/$mode-$run.signup-headers" body="$OUT/$mode-$run.signup-body"
  rm -f "$jar"
  start_mode "$mode-su" "$OUT/$mode-$run-signup.log" "$port" "$mode" \
    DATABASE_URL="postgres://bench:bench@127.0.0.1:$PG_PORT/$db"
  # the CSRF token comes from this instance: /csrf is answered by the hot path, well before any route behind WebFlux
  wait_ready "$mode-su" "$base/api/auth/csrf" 90 || { FAILURE="did not start"; stop_server "$mode-su"; return 0; }
  token="$(curl -s --max-time 10 -c "$jar" -b "$jar" "$base/api/auth/csrf" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')"
  [[ -n "$token" ]] || { FAILURE="no csrfToken from /api/auth/csrf"; stop_server "$mode-su"; return 0; }
  deadline=$(( EPOCHSECONDS + 120 )) polls=0
  while :; do
    polls=$(( polls + 1 ))
    # a new e-mail for every attempt: one that failed on the wire may still have created its account
    email="bench-$(now_ns)-$RANDOM@example.test"
    status="$(curl -s -o "$body" -D "$headers" -w '%{http_code}' --max-time 60 -b "$jar" \
      --data-urlencode "csrfToken=$token" --data-urlencode "email=$email" \
      --data-urlencode "password=correct horse battery staple" --data-urlencode "name=Bench User" \
      --data "json=true" "$base/api/auth/signup" 2>/dev/null || true)"
    answered="${EPOCHREALTIME/[.,]/}000"
    cookie=""
    [[ "$status" != 200 ]] || cookie="$(grep -io '^set-cookie: authbridge\.session-token=[^;]' "$headers" || true)"
    if [[ "$status" == 200 && -n "$cookie" ]]; then
      RESULT="$(since_start_s "$mode-su" "$answered")"
      log "$mode run $run: signed up after ${RESULT}s, poll $polls ($FAILED_ANSWERS failed answers first)"
      break
    fi
    if [[ "$status" != 000 ]]; then
      FAILED_ANSWERS=$(( FAILED_ANSWERS + 1 ))
      log "$mode run $run: sign-up answered $status $(head -c 200 "$body" 2>/dev/null)"
    fi
    if ! kill -0 "${SERVER_PID[$mode-su]}" 2>/dev/null; then FAILURE="exited before a sign-up succeeded"; break; fi
    if (( EPOCHSECONDS >= deadline )); then FAILURE="no successful sign-up in 120 s (last status $status)"; break; fi
    sleep "$POLL_S"
  done
  stop_server "$mode-su"
}

# median VALUES... -- the median (the lower middle for an even count), 2 decimals.
median() {
  printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", t[int((NR + 1) / 2)] }'
}

# cell FAILED VALUES... -- the median of the successful runs, with how many of RUNS failed when any did.
cell() {
  local failed="$1"; shift
  if (( $# == 0 )); then printf 'failed (%d of %d)' "$failed" "$RUNS"
  elif (( failed )); then printf '%s (%d of %d failed)' "$(median "$@")" "$failed" "$RUNS"
  else median "$@"; fi
}

NOTES=()
echo "| mode | ready s (median of $RUNS) | min | max | first /providers s (median) | first sign-in callback s (median) | first sign-up s (median) | RSS after start MB | shipped |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|---|"
for mode in "${MODES[@]}"; do
  times=() routed=() rss="" callbacks=() signups=() cb_failed=0 su_failed=0 su_na=0 su_answers=0
  for run in $(seq 1 "$RUNS"); do
    port="$(free_port)"
    start_mode "$mode" "$OUT/$mode-$run.log" "$port" "$mode"
    wait_ready "$mode" "http://127.0.0.1:$port/api/auth/csrf" 60 || die "$mode did not start (see $OUT/$mode-$run.log)"
    times+=("${SERVER_READY_S[$mode]}")
    # the first answer from a route behind WebFlux (the two polled ones are answered ahead of it, HotPathRoutes)
    wait_ready "$mode" "http://127.0.0.1:$port/api/auth/providers" 60 || die "$mode did not answer /providers"
    routed+=("${SERVER_READY_S[$mode]}")
    rss="$(group_mem_mb "$mode" VmRSS)"
    stop_server "$mode"

    time_callback "$mode" "$run"
    if [[ -n "$RESULT" ]]; then callbacks+=("$RESULT")
    else cb_failed=$(( cb_failed + 1 )); NOTES+=("$mode run $run, sign-in callback: $FAILURE"); log "$mode run $run: sign-in callback: $FAILURE"; fi

    time_signup "$mode" "$run"
    su_answers=$(( su_answers + FAILED_ANSWERS ))
    if [[ -n "$RESULT" ]]; then signups+=("$RESULT")
    elif [[ "$FAILURE" == n/a ]]; then su_na=1
    else su_failed=$(( su_failed + 1 )); NOTES+=("$mode run $run, sign-up: $FAILURE"); log "$mode run $run: sign-up: $FAILURE"; fi
  done
  (( su_answers == 0 )) || NOTES+=("$mode: $su_answers sign-up answers that were not a success came before the first that was (see the log)")
  case "$mode" in
    jdk25-aot+spring) shipped="yes (Dockerfile)" ;; jdk25-aot) shipped="no: without Spring AOT" ;;
    jdk17-jar) shipped="plain jar, no options" ;; *) shipped="–" ;;
  esac
  if (( su_na )); then su="n/a"; else su="$(cell "$su_failed" "${signups[@]}")"; fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$mode" "$(median "${times[@]}")" \
    "$(printf '%s\n' "${times[@]}" | sort -n | head -n 1)" "$(printf '%s\n' "${times[@]}" | sort -n | tail -n 1)" \
    "$(median "${routed[@]}")" "$(cell "$cb_failed" "${callbacks[@]}")" "$su" "$rss" "$shipped"
done
echo
echo "ready = process start to the first answered GET /api/auth/csrf (polled every 50 ms); first /providers = to the" \
     "first answered GET /api/auth/providers, polled from then on; shipped JVM options: $OPTS"
echo "first sign-in callback = process start to the first 302 with a session cookie from GET /api/auth/callback/dev" \
     "for a sign-in begun on another instance (same AUTH_SECRET and AUTH_URL), polled from process start every ~50 ms" \
     "(the log line of each run says); zero-config (development provider), a separate start."
if [[ -n "$PG_PROBLEM" ]]; then
  echo "first sign-up = n/a: $PG_PROBLEM"
else
  echo "first sign-up = process start to the first 200 with a session cookie from POST /api/auth/signup (json=true, a" \
       "new e-mail), with DATABASE_URL on a fresh database (migrations from scratch), polled every ~50 ms once" \
       "/api/auth/csrf has answered (its token is used); a separate start."
fi
for note in "${NOTES[@]}"; do echo "- $note"; done
