#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian's Chromium, ripgrep, Neovim, Emacs with eglot,
# and, under the repo-local folder .e2e/, code-server and playwright-core.
# Idempotent and non-interactive: every finished step leaves a marker file, so a second run
# only checks the markers. Runs as root in CI with no standard input.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="${GO_ESCAPE_E2E_DIR:-$ROOT/.e2e}"
MARKERS="$E2E/markers"
mkdir -p "$MARKERS"

# npm must never stop to ask, and native modules build against the headers Debian's node ships.
export npm_config_yes=true
export npm_config_fund=false
export npm_config_audit=false
export npm_config_update_notifier=false
export DEBIAN_FRONTEND=noninteractive

log() { printf '[setup-e2e %(%H:%M:%S)T] %s\n' -1 "$*"; }

step_done() { [[ -f "$MARKERS/$1" ]]; }
mark_done() { date -u +%FT%TZ > "$MARKERS/$1"; }

# The Debian packages are system-wide: they cannot live in .e2e/.
install_debian_packages() {
  local wanted=(chromium ripgrep neovim emacs-nox elpa-eglot)
  local missing=()
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    log "Debian packages present: ${wanted[*]}"
    return
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup-e2e: missing Debian packages (${missing[*]}) and not root; install them with apt-get" >&2
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# Adds keys to the JSON object at .allowScripts of a package.json without touching the rest.
allow_scripts() {
  local file="$1" json="$2"
  node -e '
    const fs = require("fs");
    const [file, extra] = process.argv.slice(1);
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    pkg.allowScripts = { ...(pkg.allowScripts || {}), ...JSON.parse(extra) };
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "$file" "$json"
}

# code-server from the npm registry, installed the way toolchain-recipes.md describes: its own
# install script downloads things, so it is skipped and the native modules are rebuilt by hand.
install_code_server() {
  local marker="code-server-$CODE_SERVER_VERSION"
  if step_done "$marker"; then
    log "code-server $CODE_SERVER_VERSION present"
    return
  fi
  local dir="$E2E/code-server"
  rm -rf "$dir"
  mkdir -p "$dir"
  log "code-server $CODE_SERVER_VERSION: npm pack"
  (
    cd "$dir"
    printf '{"name":"go-escape-e2e-code-server","private":true}\n' > package.json
    npm pack --silent "code-server@$CODE_SERVER_VERSION" >/dev/null
    npm install --ignore-scripts --no-save --loglevel=error "./code-server-$CODE_SERVER_VERSION.tgz"
    rm -f "code-server-$CODE_SERVER_VERSION.tgz"
  )
  local cs="$dir/node_modules/code-server"
  log "code-server: VS Code dependencies and native modules"
  (
    cd "$cs/lib/vscode"
    allow_scripts package.json '{"node-pty":true,"@vscode/spdlog":true,"native-watchdog":true,"@parcel/watcher":true,"@vscode/deviceid":true,"kerberos":false,"@vscode/ripgrep":false}'
    npm_config_nodedir=/usr npm install --omit=dev --foreground-scripts --loglevel=error
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
    (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
    mkdir -p node_modules/@vscode/ripgrep/bin
    ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    log "code-server: built-in extensions' dependencies"
    (cd extensions && npm install --omit=dev --loglevel=error)
  )
  # code-server loads argon2 at start even with --auth none. npm hoists it to the wrapper
  # project, whose package.json is the one whose allowScripts npm reads.
  log "code-server: argon2"
  (
    cd "$dir"
    allow_scripts package.json '{"argon2":true}'
    npm_config_nodedir=/usr npm rebuild argon2 --loglevel=error
  )
  XDG_CONFIG_HOME="$E2E/xdg-config" XDG_DATA_HOME="$E2E/xdg-data" \
    node "$cs/out/node/entry.js" --version
  mark_done "$marker"
}

# playwright-core lives in .e2e/ rather than in the project's package.json: only these tests
# need it, and it ships no browser of its own (Debian's Chromium is used).
install_playwright() {
  local marker="playwright-core-$PLAYWRIGHT_VERSION"
  if step_done "$marker"; then
    log "playwright-core $PLAYWRIGHT_VERSION present"
    return
  fi
  local dir="$E2E/tools"
  mkdir -p "$dir"
  log "playwright-core $PLAYWRIGHT_VERSION"
  (
    cd "$dir"
    [[ -f package.json ]] || printf '{"name":"go-escape-e2e-tools","private":true}\n' > package.json
    npm install --ignore-scripts --save-exact --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION"
  )
  mark_done "$marker"
}

start=$SECONDS
install_debian_packages
install_code_server
install_playwright
log "ready in $((SECONDS - start)) s (code-server: $E2E/code-server/node_modules/.bin/code-server)"
