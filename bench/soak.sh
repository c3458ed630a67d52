#!/usr/bin/env bash
# bench/soak.sh -- a bounded soak: steady load on /api/auth/session plus a full sign-in every 100 ms, watching for
# errors and memory growth.
#
#   bash bench/soak.sh [seconds=60] [rate=3500]
#
# Starts AuthBridge from target/authbridge.jar on a free loopback port (zero-config, with the development sign-in
# provider), then for <seconds> at once:
#   - wrk loads GET /api/auth/session with a minted session cookie at about <rate> requests/s (default: half of the
#     ~7,300 rps peak in bench/RESULTS.md), throttled by bench/soak.lua since wrk2 is not packaged here;
#   - curl runs a full sign-in through /dev-idp every 100 ms (csrf, POST /signin/dev, the provider's form, the
#     callback, then /session must show the user);
#   - the server's RSS is sampled every 5 s.
# Prints the RSS samples and a summary on stdout and exits 1 when any request failed (non-2xx, socket error or a
# failed sign-in) or RSS grew more than SOAK_RSS_MAX_GROWTH_MB from a third of the way in to the end.
#
# Env: BENCH_SKIP_BUILD=1            use target/authbridge.jar as it is
#      SOAK_DELAY_MS=10              each wrk connection's pause between requests; connections = rate * delay / 1000
#      SOAK_RSS_MAX_GROWTH_MB=64     allowed RSS growth after warm-up
#      SOAK_JAVA_OPTS                JVM options (default: a fixed, pre-touched 256 MB heap, so RSS shows non-heap growth)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

SOAK_SECONDS="${1:-60}"
RATE="${2:-3500}"
DELAY_MS="${SOAK_DELAY_MS:-10}"
MAX_GROWTH_MB="${SOAK_RSS_MAX_GROWTH_MB:-64}"
JAVA_OPTS="${SOAK_JAVA_OPTS:--Xms256m -Xmx256m -XX:+AlwaysPreTouch}"
JAR="$REPO_DIR/target/authbridge.jar"
AUTH_SECRET_SOAK="soak-only-authbridge-secret-0123456789abcdef"
RUN_DIR="$LOG_DIR/soak-$(date +%Y%m%d-%H%M%S)"
WRK_PID=""
SIGNIN_PID=""
WATCHDOG=""

cleanup() {
  local rc=$?
  [[ -n "$WRK_PID" ]] && kill_groups_below "$WRK_PID"
  [[ -n "$SIGNIN_PID" ]] && kill_groups_below "$SIGNIN_PID"
  stop_all_servers
  [[ -n "$WATCHDOG" ]] && kill -- "-$WATCHDOG" 2>/dev/null || true
  exit "$rc"
}

check_args() {
  [[ "$SOAK_SECONDS" =~ ^[0-9]+$ ]] && (( SOAK_SECONDS >= 5 && SOAK_SECONDS <= 600 )) || die "seconds must be 5..600"
  [[ "$RATE" =~ ^[0-9]+$ ]] && (( RATE >= 1 && RATE <= 50000 )) || die "rate must be 1..50000 requests/s"
  [[ "$DELAY_MS" =~ ^[0-9]+$ ]] && (( DELAY_MS >= 1 && DELAY_MS <= 1000 )) || die "SOAK_DELAY_MS must be 1..1000"
  [[ "$MAX_GROWTH_MB" =~ ^[0-9]+$ ]] || die "SOAK_RSS_MAX_GROWTH_MB must be a number of MB"
  command -v wrk >/dev/null || die "wrk is missing (apt-get install -y wrk)"
}

# A hard ceiling on the whole run; every step below is bounded on its own as well.
start_watchdog() {
  local limit=$(( SOAK_SECONDS + 1200 ))
  setsid bash -c 'sleep "$1"; echo "soak.sh: time limit of $1 s reached, stopping" >&2; kill -TERM "$2"' \
    _ "$limit" "$$" </dev/null &
  WATCHDOG=$!
}

# sign_in BASE -- one full sign-in through the development provider, in a cookie jar of its own. Prints "ok", or
# "error <step>" naming the step that failed.
sign_in() {
  local base="$1" jar token location callback landed body
  jar="$(mktemp "$RUN_DIR/jars/jar.XXXXXX")"
  token="$(curl -sf --max-time 5 -c "$jar" -b "$jar" "$base/api/auth/csrf" | sed -n 's/.*"csrfToken":"\([0-9a-f]*\)".*/\1/p')"
  [[ -n "$token" ]] || { echo "error csrf"; rm -f "$jar"; return 0; }
  location="$(curl -sf --max-time 5 -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' \
    --data-urlencode "csrfToken=$token" --data-urlencode "callbackUrl=$base/" "$base/api/auth/signin/dev" || true)"
  [[ "$location" == "$base/dev-idp/authorize?"* ]] || { echo "error signin ${location:0:120}"; rm -f "$jar"; return 0; }
  # the provider's page posts the authorization request back as hidden fields, with the name and e-mail typed in
  callback="$(curl -sf --max-time 5 -o /dev/null -w '%{redirect_url}' \
    --data "${location#*\?}&name=Soak+User&email=soak%40example.test&decision=signin" "$base/dev-idp/authorize" || true)"
  [[ "$callback" == "$base/api/auth/callback/dev?"* ]] || { echo "error authorize"; rm -f "$jar"; return 0; }
  landed="$(curl -sf --max-time 10 -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$callback" || true)"
  [[ "$landed" == "$base/" ]] || { echo "error callback ${landed:0:120}"; rm -f "$jar"; return 0; }
  body="$(curl -sf --max-time 5 -b "$jar" "$base/api/auth/session" || true)"
  rm -f "$jar"
  [[ "$body" == *'"user":{'* ]] || { echo "error session"; return 0; }
  echo ok
}

# signin_loop BASE END_NS -- starts a sign-in every 100 ms until END_NS (at most 20 in flight), then waits for all.
signin_loop() {
  local base="$1" end="$2" next
  while (( $(now_ns) < end )); do
    next=$(( $(now_ns) + 100000000 ))
    sign_in "$base" >>"$RUN_DIR/signins.txt" &
    while (( $(jobs -rp | wc -l) >= 20 )); do sleep 0.02; done
    while (( $(now_ns) < next )); do sleep 0.01; done
  done
  wait
}

start_authbridge() {
  local port="$1"
  log "starting AuthBridge on 127.0.0.1:$port ($JAVA_OPTS)"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  start_server authbridge "$RUN_DIR/authbridge.log" env PORT="$port" AUTH_URL="http://127.0.0.1:$port" \
    AUTH_SECRET="$AUTH_SECRET_SOAK" AUTH_DEV_PROVIDER=true java $JAVA_OPTS -jar "$JAR"
  wait_ready authbridge "http://127.0.0.1:$port/api/auth/csrf" 120 ||
    { tail -n 30 "$RUN_DIR/authbridge.log" >&2; die "AuthBridge did not start"; }
  log "AuthBridge ready in ${SERVER_READY_S[authbridge]} s"
}

# The development provider is discovered in the background once the server is up: wait for a first good sign-in.
await_first_sign_in() {
  local base="$1" deadline=$(( $(date +%s) + 30 )) result
  while :; do
    result="$(sign_in "$base")"
    [[ "$result" == ok ]] && return 0
    (( $(date +%s) < deadline )) || die "no sign-in through /dev-idp within 30 s: $result"
    sleep 0.5
  done
}

main() {
  check_args
  mkdir -p "$RUN_DIR/jars"
  trap cleanup EXIT
  trap 'exit 143' INT TERM
  start_watchdog
  build_jar_if_needed "$JAR" "$RUN_DIR/build.log"

  local port base cookie connections threads end t0 t rss signins_ok signins_failed wrk_line non2xx socket_errors
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  start_authbridge "$port"
  await_first_sign_in "$base"
  cookie="authbridge.session-token=$(mint_authbridge_jwt "$AUTH_SECRET_SOAK")"
  [[ "$(curl -s --max-time 5 -H "Cookie: $cookie" "$base/api/auth/session")" == *'"user":{'* ]] ||
    die "the minted cookie does not sign in"

  connections=$(( (RATE * DELAY_MS + 999) / 1000 ))
  threads=$(( connections < 2 ? connections : 2 ))
  log "soak: ${SOAK_SECONDS} s, /api/auth/session at <= $RATE rps ($connections connections, $DELAY_MS ms apart)" \
      "+ a sign-in every 100 ms; output in $RUN_DIR"
  setsid timeout $(( SOAK_SECONDS + 30 )) wrk -t "$threads" -c "$connections" -d "${SOAK_SECONDS}s" \
    -s "$BENCH_DIR/soak.lua" -H "Cookie: $cookie" "$base/api/auth/session" -- "$DELAY_MS" \
    >"$RUN_DIR/wrk.txt" 2>&1 </dev/null &
  WRK_PID=$!
  t0="$(now_ns)"
  end=$(( t0 + SOAK_SECONDS * 1000000000 ))
  : >"$RUN_DIR/signins.txt"
  setsid bash -c "$(declare -f now_ns sign_in signin_loop); RUN_DIR='$RUN_DIR'; signin_loop '$base' '$end'" \
    </dev/null &
  SIGNIN_PID=$!

  local samples=()
  printf '%s\n' "| t s | RSS MB |" "|--:|--:|"
  while :; do
    t=$(( ($(now_ns) - t0) / 1000000000 ))
    rss="$(group_mem_mb authbridge VmRSS)"
    samples+=("$rss")
    printf '| %d | %s |\n' "$t" "$rss"
    (( t >= SOAK_SECONDS )) && break
    sleep "$(( SOAK_SECONDS - t < 5 ? SOAK_SECONDS - t : 5 ))"
  done
  wait "$WRK_PID" || true
  WRK_PID=""
  wait "$SIGNIN_PID" || true
  SIGNIN_PID=""

  wrk_line="$(grep '^WRKRESULT' "$RUN_DIR/wrk.txt" || true)"
  [[ -n "$wrk_line" ]] || { cat "$RUN_DIR/wrk.txt" >&2; die "wrk printed no result"; }
  non2xx="$(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' <<<"$wrk_line")"
  socket_errors="$(sed -n 's/.* socket_errors=\([0-9]*\).*/\1/p' <<<"$wrk_line")"
  signins_ok="$(grep -c '^ok$' "$RUN_DIR/signins.txt" || true)"
  signins_failed="$(grep -c '^error' "$RUN_DIR/signins.txt" || true)"
  [[ "$(curl -s --max-time 5 -H "Cookie: $cookie" "$base/api/auth/session")" == *'"user":{'* ]] ||
    { log "the session cookie no longer signs in after the soak"; signins_failed=$(( signins_failed + 1 )); }

  local baseline="${samples[$(( ${#samples[@]} / 3 ))]}" last="${samples[-1]}" growth errors status=PASS
  growth=$(( last - baseline ))
  errors=$(( non2xx + socket_errors + signins_failed ))
  echo
  echo "session load: ${wrk_line#WRKRESULT }"
  echo "sign-ins: $signins_ok ok, $signins_failed failed$( ((signins_failed)) && echo " (first: $(grep -m1 '^error' "$RUN_DIR/signins.txt"))")"
  echo "RSS: ${baseline} MB a third of the way in, ${last} MB at the end: ${growth} MB growth (limit ${MAX_GROWTH_MB} MB)"
  echo "errors: $errors"
  (( errors == 0 )) || status=FAIL
  (( growth <= MAX_GROWTH_MB )) || status=FAIL
  (( signins_ok > 0 )) || status=FAIL
  echo "RESULT: $status"
  [[ "$status" == PASS ]]
}

main "$@"
