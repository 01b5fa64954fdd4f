#!/usr/bin/env bash
# Runs metaspo's whole test suite on a fresh machine: installs what the tests
# need (tmux, sqlite3, python3-venv) when missing, builds, and runs `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
python3 -c 'import ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
# Headers the build links against (GRDB: SQLite; the dashboard: ncursesw).
for pkg in libsqlite3-dev libncurses-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null || {
    echo "warning: could not install ${need[*]}; tests that need them will fail" >&2; }
fi

# Tests must never write into the user's real data, cache or config folders.
scratch="$(mktemp -d -t metaspo-tests.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
export XDG_CACHE_HOME="$scratch/cache" XDG_CONFIG_HOME="$scratch/config"

swift build --build-tests "$@"
swift test --skip-build "$@"
