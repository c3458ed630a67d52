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
  [[ -f "$jar" ]] && newer="$(cd "$REPO_DIR" && find pom.xml src providers .mvn -type f -newer "$jar" 2>/dev/null | head -n 1)"
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
      SERVER_READY_S[$name]="$(awk -v a="${SERVER_T0_NS[$name]}" -v b="$(now_ns)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { log "$name exited before it answered"; return 1; }
    (( $(date +%s) < deadline )) || { log "$name not ready after ${limit}s"; return 1; }
    sleep 0.05
  done
}

# All pids in the process group of server NAME (the server and anything it spawned).
server_pids() {
  local pgid="${SERVER_PID[$1]}"
  ps -e -o pid=,pgid= | awk -v g="$pgid" '$2 == g { print $1 }'
}

# stop_server NAME -- TERM the server's process group, KILL it after 10 s.
stop_server() {
  local name="$1" pid="${SERVER_PID[$1]:-}" i
  [[ -n "$pid" ]] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
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
