# Shared helpers for bench/session.sh and bench/peers.sh. Source it; it defines functions only (plus a few paths).
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
# ../shared sits beside the worktree and is read-only: peers are copied into bench/.peers before building.
PEERS_SRC="${PEERS_SRC:-$REPO_DIR/../shared/peers}"
PEERS_DIR="$BENCH_DIR/.peers"
LOG_DIR="$BENCH_DIR/out"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

now_ns() { date +%s%N; }

# A loopback TCP port nobody listens on. Random in a high range, so two runs started together rarely collide;
# the server binding it is the real check (a failed bind shows up as a readiness timeout).
free_port() {
  local port tries
  for tries in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
      echo "$port"; return 0
    fi
  done
  die "no free port found"
}

# build_jar_if_needed JAR LOGFILE -- rebuilds JAR with the Maven wrapper when it is missing or when any source,
# resource or build file is newer than it; BENCH_SKIP_BUILD=1 uses it as it is. The jar holds Spring AOT's
# generated code (process-aot runs in every package), used only by a JVM started with -Dspring.aot.enabled=true.
build_jar_if_needed() {
  local jar="$1" logfile="$2" newer=""
  if [[ "${BENCH_SKIP_BUILD:-0}" == 1 ]]; then
    [[ -f "$jar" ]] || die "BENCH_SKIP_BUILD=1 but $jar does not exist"
    return 0
  fi
  [[ -f "$jar" ]] && newer="$(cd "$REPO_DIR" && find pom.xml src providers .mvn -type f -newer "$jar" 2>/dev/null | head -n 1 || true)"
  if [[ -f "$jar" && -z "$newer" ]]; then
    log "jar up to date: $jar"; return 0
  fi
  log "building $jar (${newer:+stale: $newer; }log: $logfile)"
  mkdir -p "$(dirname "$logfile")"
  (cd "$REPO_DIR" && timeout 900 ./mvnw -B -DskipTests package) >"$logfile" 2>&1 ||
    { tail -n 30 "$logfile" >&2; die "build failed"; }
}

# --- server processes -------------------------------------------------------------------------------------------
# Every server runs in its own session (setsid), so its pid is also its process-group id: stopping it takes the
# whole group (npx/next children included) by that one id, never by name.
declare -A SERVER_PID=() SERVER_T0_NS=() SERVER_READY_S=()
# The signal stop_server sends first, when it is not TERM (PostgreSQL: INT, its fast shutdown; TERM would wait for
# every client to disconnect).
declare -A SERVER_STOP_SIGNAL=()
SERVER_ORDER=()

# start_server NAME LOGFILE CMD...  -- starts CMD in the background in a new session; records pid and start time.
start_server() {
  local name="$1" logfile="$2"; shift 2
  mkdir -p "$(dirname "$logfile")"
  SERVER_T0_NS[$name]="$(now_ns)"
  setsid "$@" >"$logfile" 2>&1 < /dev/null &
  SERVER_PID[$name]=$!
  SERVER_ORDER+=("$name")
}

# wait_ready NAME URL [timeout_s] -- polls URL until the server answers any HTTP status; records seconds since
# start_server (process start -> first answered request). Fails if the process dies or the timeout passes.
wait_ready() {
  local name="$1" url="$2" limit="${3:-90}" pid="${SERVER_PID[$1]}" deadline code
  deadline=$(( $(date +%s) + limit ))
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)"
    if [[ "$code" =~ ^[1-5][0-9][0-9]$ ]]; then
      SERVER_READY_S[$name]="$(since_start_s "$name")"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { log "$name exited before it answered"; return 1; }
    (( $(date +%s) < deadline )) || { log "$name not ready after ${limit}s"; return 1; }
    sleep 0.05
  done
}

# since_start_s NAME [AT_NS] -- seconds (2 decimals) from start_server NAME to AT_NS (default: now).
since_start_s() {
  awk -v a="${SERVER_T0_NS[$1]}" -v b="${2:-$(now_ns)}" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}

# All pids in the process group of server NAME (the server and anything it spawned).
server_pids() {
  local pgid="${SERVER_PID[$1]}"
  ps -e -o pid=,pgid= | awk -v g="$pgid" '$2 == g { print $1 }'
}

# stop_server NAME -- TERM (or SERVER_STOP_SIGNAL[NAME]) the server's process group, KILL it after 10 s.
stop_server() {
  local name="$1" pid="${SERVER_PID[$1]:-}" i
  [[ -n "$pid" ]] || return 0
  kill -"${SERVER_STOP_SIGNAL[$name]:-TERM}" -- "-$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  unset "SERVER_PID[$name]"
}

# kill_groups_below PID -- TERM every process group that PID or any of its descendants leads or belongs to.
# Walks the parent links from `ps`, so it reaches only processes this script started, by their ids.
kill_groups_below() {
  local pids=" $1 " pgids="" pid ppid pgid changed=1
  local table
  table="$(ps -e -o pid=,ppid=,pgid=)"
  while (( changed )); do
    changed=0
    while read -r pid ppid pgid; do
      if [[ "$pids" == *" $ppid "* && "$pids" != *" $pid "* ]]; then pids+="$pid "; changed=1; fi
    done <<<"$table"
  done
  while read -r pid ppid pgid; do
    [[ "$pids" == *" $pid "* && " $pgids " != *" $pgid "* ]] && pgids+=" $pgid"
  done <<<"$table"
  for pgid in $pgids; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
}

stop_all_servers() {
  local name
  for name in "${SERVER_ORDER[@]}"; do stop_server "$name"; done
}

# wait_port_free PORT [timeout_s] -- waits until nothing listens on PORT (a stopped server's socket is closed), so
# the next server can bind the same port.
wait_port_free() {
  local port="$1" limit="${2:-10}" i
  for i in $(seq 1 $(( limit * 10 ))); do
    ss -Htln "sport = :$port" 2>/dev/null | grep -q . || return 0
    sleep 0.1
  done
  return 1
}

# --- memory -----------------------------------------------------------------------------------------------------
# Sum of one /proc/<pid>/status field (kB) over the server's process group, printed in MB.
# VmRSS is "now"; VmHWM is each process's own peak, so the sum is an upper bound of the group's peak
# (exact for single-process servers, which all of ours are except npx-launched ones).
group_mem_mb() {
  local name="$1" field="$2" pid kb total=0
  for pid in $(server_pids "$name"); do
    kb="$(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$pid/status" 2>/dev/null || true)"
    total=$(( total + ${kb:-0} ))
  done
  awk -v k="$total" 'BEGIN { printf "%.0f", k / 1024 }'
}

# --- cookies ----------------------------------------------------------------------------------------------------
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# mint_authbridge_jwt SECRET -- an HS256 session JWS shaped exactly like the ones AuthBridge issues itself: signed
# with the session key it derives from AUTH_SECRET (HMAC-SHA256(AUTH_SECRET, "authbridge/session")), carrying sub,
# provider, role, roles, jti, iat (backdated 5 s like the service does) and exp (+30 days).
mint_authbridge_jwt() {
  local secret="$1" now iat exp jti sub header payload key sig
  now="$(date +%s)"; iat=$(( now - 5 )); exp=$(( now + 30 * 86400 ))
  jti="$(cat /proc/sys/kernel/random/uuid)"
  sub="github|583231"
  header="$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)"
  payload="$(printf '{"sub":"%s","name":"Bench User","email":"bench@example.com","picture":"https://example.com/a.png","provider":"github","role":"user","roles":["user"],"iat":%d,"exp":%d,"jti":"%s"}' \
    "$sub" "$iat" "$exp" "$jti" | b64url)"
  key="$(printf '%s' 'authbridge/session' | openssl dgst -sha256 -hmac "$secret" -binary | od -An -v -tx1 | tr -d ' \n')"
  sig="$(printf '%s' "$header.$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | b64url)"
  printf '%s.%s.%s\n' "$header" "$payload" "$sig"
}

# --- sign-in through the development provider ------------------------------------------------------------------
# dev_signin_to_callback BASE JAR -- a sign-in through the built-in development provider (/dev-idp, on when AUTH_URL
# is plain local http and no other provider is configured) up to, not including, the callback: GET /api/auth/csrf,
# POST /api/auth/signin/dev (302 to /dev-idp/authorize), GET that page and submit its form as "Sign in" (its hidden
# fields carry the authorization request; name and e-mail are the user's). Prints the callback URL
# (BASE/api/auth/callback/dev?code=…&state=…); the flow cookie authbridge.oauth is in the curl cookie jar JAR. The
# flow cookie and the code are sealed with keys derived from AUTH_SECRET, so any instance with the same AUTH_SECRET
# and AUTH_URL can finish the flow: the code within 60 s of the form's answer (AuthorizationCodes.LIFETIME), the
# cookie within 15 min (FlowCookieSealer.LIFETIME). Fails (1, the failing step on stderr) if a step does.
dev_signin_to_callback() {
  local base="$1" jar="$2" token location page callback name value
  local -a fields=()
  token="$(curl -sf --max-time 10 -c "$jar" -b "$jar" "$base/api/auth/csrf" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')"
  [[ -n "$token" ]] || { log "dev sign-in: no csrfToken from $base/api/auth/csrf"; return 1; }
  location="$(curl -s --max-time 30 -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' \
    --data-urlencode "csrfToken=$token" --data-urlencode "callbackUrl=$base/" "$base/api/auth/signin/dev" || true)"
  [[ "$location" == "$base/dev-idp/authorize?"* ]] ||
    { log "dev sign-in: POST /api/auth/signin/dev went to '${location:0:120}'"; return 1; }
  page="$(curl -sf --max-time 10 "$location" || true)"
  # the page's form: its hidden inputs (HTML-escaped by Mustache) plus name, email and the "signin" button
  while IFS=$'\t' read -r name value; do
    value="$(sed -e 's/&#61;/=/g' -e 's/&quot;/"/g' -e "s/&#39;/'/g" -e 's/&#96;/`/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' \
      -e 's/&amp;/\&/g' <<<"$value")"
    fields+=(--data-urlencode "$name=$value")
  done < <(grep -o '<input type="hidden" name="[^"]*" value="[^"]*">' <<<"$page" |
    sed 's/.*name="\([^"]*\)" value="\([^"]*\)".*/\1\t\2/')
  (( ${#fields[@]} )) || { log "dev sign-in: no form at ${location:0:120}"; return 1; }
  callback="$(curl -s --max-time 10 -o /dev/null -w '%{redirect_url}' "${fields[@]}" \
    --data-urlencode "name=Bench User" --data-urlencode "email=bench@example.test" --data "decision=signin" \
    "$base/dev-idp/authorize" || true)"
  [[ "$callback" == "$base/api/auth/callback/dev?code="* ]] ||
    { log "dev sign-in: the form went to '${callback:0:120}'"; return 1; }
  printf '%s\n' "$callback"
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------
# A throwaway cluster for benches that need a database (DATABASE_URL), from the Debian binaries.
PG_BIN="${PG_BIN:-$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)}"
PG_PROBLEM=""

# pg_start NAME DIR PORT -- initdb into DIR/data (role "bench", trust for loopback: a bench-only cluster that listens
# on 127.0.0.1 only, no Unix socket), then runs postgres in the foreground as server NAME, so the EXIT trap's
# stop_all_servers stops it (with INT: fast shutdown). initdb refuses root, so as root both run as the postgres
# user (setpriv execs: the postmaster itself leads the group). Returns 1 with a one-line PG_PROBLEM when it cannot.
pg_start() {
  local name="$1" dir="$2" port="$3" i
  local -a as=()
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/postgres" ]] || { PG_PROBLEM="no PostgreSQL binaries (PG_BIN=$PG_BIN)"; return 1; }
  mkdir -p "$dir"
  if (( EUID == 0 )); then
    id postgres >/dev/null 2>&1 || { PG_PROBLEM="running as root and there is no postgres user for initdb"; return 1; }
    as=(setpriv --reuid=postgres --regid=postgres --init-groups)
    chown postgres: "$dir"
  fi
  "${as[@]}" "$PG_BIN/initdb" -D "$dir/data" -U bench --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 ||
    { PG_PROBLEM="initdb failed: $(tail -n 1 "$dir/initdb.log")"; return 1; }
  SERVER_STOP_SIGNAL[$name]=INT
  start_server "$name" "$dir/postgres.log" "${as[@]}" "$PG_BIN/postgres" -D "$dir/data" -p "$port" \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories=
  for i in $(seq 1 300); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U bench -d postgres && return 0
    kill -0 "${SERVER_PID[$name]}" 2>/dev/null || break
    sleep 0.1
  done
  PG_PROBLEM="postgres did not accept connections: $(tail -n 1 "$dir/postgres.log")"
  stop_server "$name"
  return 1
}

# pg_createdb PORT DB -- a fresh, empty database on the cluster of pg_start.
pg_createdb() {
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$1" -U bench "$2"
}

# --- peers ------------------------------------------------------------------------------------------------------
# The three peers of ../shared/peers/README.md, run from the writable copy in bench/.peers/<name>.
PEER_NAMES=(limit-java nextauth-v4 authjs-express)
# limit-java signs with its own SESSION_SECRET; these are its defaults, stated so mint and server agree.
LIMIT_SECRET="bench-only-secret-0123456789abcdef0123456789abcdef"
LIMIT_COOKIE_NAME="authbridge.session-token"

# Hash of a peer's shared source files (build outputs excluded): the build stamp, so a change in ../shared/peers
# triggers a rebuild. Hashing the originals, not the copy, keeps files a build rewrites from looking like changes.
peer_source_hash() {
  (cd "$1" && find . \( -name node_modules -o -name .next -o -name target \) -prune -o -type f ! -name '.bench-*' -print \
     | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
}

# The file that exists only once the peer is built.
peer_artifact() {
  case "$1" in
    nextauth-v4)    echo "$PEERS_DIR/nextauth-v4/.next/BUILD_ID" ;;
    authjs-express) echo "$PEERS_DIR/authjs-express/node_modules/@auth/express/package.json" ;;
    limit-java)     echo "$PEERS_DIR/limit-java/target/limit-java.jar" ;;
  esac
}

# Built = artifact present and the stamp written after the last successful build matches the copied sources.
peer_built() {
  local dir="$PEERS_DIR/$1"
  [[ -f "$(peer_artifact "$1")" && -f "$dir/.bench-stamp" ]] &&
    [[ "$(cat "$dir/.bench-stamp")" == "$(peer_source_hash "$PEERS_SRC/$1")" ]]
}

# peer_start NAME PORT LOGFILE -- the README's start line, with `exec` so the group leader is the server itself.
# nextauth-v4 runs node_modules/.bin/next (what `npx next` resolves to) without the npm process npx keeps alive,
# so its RSS is the server's alone.
peer_start() {
  local name="$1" port="$2" logfile="$3" dir="$PEERS_DIR/$1"
  case "$name" in
    nextauth-v4)
      start_server "$name" "$logfile" bash -c \
        'cd "$1" && . ./env.sh "$2" && exec ./node_modules/.bin/next start -H 127.0.0.1 -p "$2"' _ "$dir" "$port" ;;
    authjs-express)
      start_server "$name" "$logfile" bash -c 'cd "$1" && . ./env.sh "$2" && exec node server.mjs' _ "$dir" "$port" ;;
    limit-java)
      start_server "$name" "$logfile" env PORT="$port" SESSION_SECRET="$LIMIT_SECRET" \
        COOKIE_NAME="$LIMIT_COOKIE_NAME" java -jar "$dir/target/limit-java.jar" ;;
  esac
}

# peer_cookie NAME PORT -- a Cookie header value with a valid session for the running peer (README's cookie line).
peer_cookie() {
  local name="$1" port="$2" dir="$PEERS_DIR/$1"
  case "$name" in
    nextauth-v4)    (cd "$dir" && . ./env.sh "$port" && timeout 30 node get-cookie.mjs "http://127.0.0.1:$port") ;;
    authjs-express) (cd "$dir" && . ./env.sh "$port" && timeout 30 node get-cookie.mjs "http://127.0.0.1:$port") ;;
    limit-java)     PORT="$port" SESSION_SECRET="$LIMIT_SECRET" COOKIE_NAME="$LIMIT_COOKIE_NAME" \
                      timeout 30 java -jar "$dir/target/limit-java.jar" mint ;;
  esac
}

# The session URL loaded for each peer: limit-java's /session-roll verifies and re-signs like a rolling session.
peer_session_url() {
  case "$1" in
    limit-java) echo "http://127.0.0.1:$2/session-roll" ;;
    *)          echo "http://127.0.0.1:$2/api/auth/session" ;;
  esac
}

# The URL that answers "is it up" (any status) for each peer.
peer_ready_url() {
  case "$1" in
    limit-java) echo "http://127.0.0.1:$2/const" ;;
    *)          echo "http://127.0.0.1:$2/api/auth/csrf" ;;
  esac
}

# --- JVM options ------------------------------------------------------------------------------------------------
# The JVM options the Dockerfile ships (its JAVA_TOOL_OPTIONS), so the benches run what the image runs.
shipped_java_opts() {
  sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' "$REPO_DIR/Dockerfile" | head -n 1
}

# start_proxy_stack RUN_DIR JAR SECRET ADMIN_SECRET -- for the GraphQL proxy benches: installs the pinned GraphQL
# packages (src/test/js/graphql-ws) when missing, starts bench/graphql_upstream.mjs and the bridge in front of it with
# AUTH_HASURA_PROXY=true (the shipped JVM options unless AUTHBRIDGE_JAVA_OPTS), and waits for both. Sets UPSTREAM
# (its /v1/graphql URL), PORT and BASE (the bridge's).
start_proxy_stack() {
  local run_dir="$1" jar="$2" secret="$3" admin_secret="$4" up_port
  if [[ ! -d "$REPO_DIR/src/test/js/graphql-ws/node_modules/graphql-ws" ]]; then
    log "npm ci in src/test/js/graphql-ws"
    (cd "$REPO_DIR/src/test/js/graphql-ws" && timeout 300 npm ci --no-audit --no-fund) >"$run_dir/npm.log" 2>&1 ||
      die "npm ci failed (see $run_dir/npm.log)"
  fi
  up_port="$(free_port)"
  UPSTREAM="http://127.0.0.1:$up_port/v1/graphql"
  start_server upstream "$run_dir/upstream.log" node "$BENCH_DIR/graphql_upstream.mjs" "$up_port"
  wait_ready upstream "http://127.0.0.1:$up_port/stats" 30 || die "the upstream did not start"
  PORT="$(free_port)"
  BASE="http://127.0.0.1:$PORT"
  log "starting AuthBridge on $BASE, proxying to $UPSTREAM"
  # shellcheck disable=SC2086 # a list of options
  start_server authbridge "$run_dir/authbridge.log" env PORT="$PORT" AUTH_URL="$BASE" AUTH_SECRET="$secret" \
    AUTH_HASURA_PROXY=true HASURA_GRAPHQL_ENDPOINT="$UPSTREAM" HASURA_GRAPHQL_ADMIN_SECRET="$admin_secret" \
    MALLOC_ARENA_MAX=2 java ${AUTHBRIDGE_JAVA_OPTS-$(shipped_java_opts)} -jar "$jar"
  wait_ready authbridge "$BASE/api/auth/csrf" 120 || { tail -n 30 "$run_dir/authbridge.log" >&2; die "AuthBridge did not start"; }
}
