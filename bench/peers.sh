#!/usr/bin/env bash
# bench/peers.sh -- set up the comparison servers of ../shared/peers in bench/.peers/ (gitignored).
#
#   bash bench/peers.sh            copy + build what is missing or stale, then smoke-test each peer
#   PEERS_SKIP_CHECK=1 bash bench/peers.sh    build only
#   bash bench/peers.sh limit-java            only the named peer(s)
#
# ../shared/peers is read-only, and npm / next / maven all write next to the sources, hence the copy.
# Idempotent: a peer whose copied sources hash to the stamp of its last successful build is skipped.
# Needs network access to the npm registry and Maven Central on first run only.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

BUILD_TIMEOUT="${BUILD_TIMEOUT:-900}"   # seconds per install/build step; a hung registry must not hang the script

trap 'stop_all_servers' EXIT
trap 'exit 130' INT TERM

# Copy the peer's sources (not its build outputs) over the writable copy, and make them writable:
# the shared files are mode 444 and the tools rewrite some of them (next build touches next-env.d.ts, tsconfig).
copy_peer() {
  local name="$1" src="$PEERS_SRC/$1" dst="$PEERS_DIR/$1"
  [[ -d "$src" ]] || die "peer sources not found: $src"
  mkdir -p "$dst"
  (cd "$src" && find . \( -name node_modules -o -name .next -o -name target \) -prune -o -type f -print0 \
     | xargs -0 -I{} cp --parents -f --no-preserve=mode {} "$dst/")
  chmod -R u+w "$dst"
}

# npm ci when the lockfile fits package.json (reproducible), npm install when it does not.
npm_install() {
  local dir="$1"
  if ! (cd "$dir" && timeout "$BUILD_TIMEOUT" npm ci --no-audit --no-fund); then
    log "npm ci failed in $dir; falling back to npm install"
    (cd "$dir" && timeout "$BUILD_TIMEOUT" npm install --no-audit --no-fund)
  fi
}

build_peer() {
  local name="$1" dir="$PEERS_DIR/$1"
  case "$name" in
    nextauth-v4)
      npm_install "$dir"
      # env.sh sets NODE_ENV=production and turns telemetry off for the build too
      (cd "$dir" && . ./env.sh && timeout "$BUILD_TIMEOUT" npx next build) ;;
    authjs-express)
      npm_install "$dir" ;;
    limit-java)
      (cd "$dir" && timeout "$BUILD_TIMEOUT" mvn -B package) ;;
    *) die "unknown peer $name" ;;
  esac
}

# Start the peer on a free port, get a cookie the README's way, and check its session URL answers 2xx with it.
check_peer() {
  local name="$1" port url cookie body
  port="$(free_port)"
  peer_start "$name" "$port" "$LOG_DIR/peers-check-$name.log"
  wait_ready "$name" "$(peer_ready_url "$name" "$port")" 90 || { stop_server "$name"; return 1; }
  cookie="$(peer_cookie "$name" "$port")" || { stop_server "$name"; log "$name: cookie failed"; return 1; }
  url="$(peer_session_url "$name" "$port")"
  body="$(curl -s --max-time 5 -H "Cookie: $cookie" "$url" || true)"
  stop_server "$name"
  if [[ "$body" != *'"user"'* ]]; then
    log "$name: $url did not answer a signed-in session: ${body:0:200}"
    return 1
  fi
  log "$name: ok (ready ${SERVER_READY_S[$name]} s, signed-in session answered)"
}

main() {
  local names=("$@") name buildlog failed=()
  (( ${#names[@]} )) || names=("${PEER_NAMES[@]}")
  mkdir -p "$PEERS_DIR" "$LOG_DIR"
  for name in "${names[@]}"; do
    copy_peer "$name"
    if peer_built "$name"; then
      log "$name: already built, skipping"
    else
      # Build output goes to a log: npm and maven are verbose, and only a failure needs reading.
      buildlog="$LOG_DIR/peers-build-$name.log"
      log "$name: building in $PEERS_DIR/$name (log: $buildlog)"
      rm -f "$PEERS_DIR/$name/.bench-stamp"
      if build_peer "$name" >"$buildlog" 2>&1; then
        peer_source_hash "$PEERS_SRC/$name" > "$PEERS_DIR/$name/.bench-stamp"
      else
        tail -n 30 "$buildlog" >&2
        log "$name: build FAILED"; failed+=("$name"); continue
      fi
    fi
    if [[ "${PEERS_SKIP_CHECK:-0}" != 1 ]]; then
      check_peer "$name" || failed+=("$name")
    fi
  done
  if (( ${#failed[@]} )); then
    log "not set up: ${failed[*]}"; exit 1
  fi
  log "peers set up: ${names[*]}"
}

main "$@"
