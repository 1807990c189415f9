#!/bin/sh
# Runs the kiosk's browser tests (ctest kiosk_ui_test): installs playwright-core from the
# lockfile into the build tree (npm ci; its browser download is off: Debian's chromium is used)
# and runs kiosk_ui_test.mjs with node's test runner against the real docintake-kiosk.
#   run.sh KIOSK_BIN CLI_BIN KIOSK_SOURCE_DIR WORK_DIR SCREENSHOT_DIR
# Exits 77 (ctest: skipped) when node or chromium is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 5 ]; then echo "usage: $0 KIOSK_BIN CLI_BIN KIOSK_SOURCE_DIR WORK_DIR SCREENSHOT_DIR" >&2; exit 2; fi
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
kiosk_bin=$(abs "$1") cli_bin=$(abs "$2") kiosk_dir=$(abs "$3") work=$(abs "$4") shots=$(abs "$5")
chromium=${CHROMIUM:-/usr/bin/chromium}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: node/npm not installed (tools/install-deps.sh installs them)"; exit 77
fi
if [ ! -x "$chromium" ]; then
  echo "SKIPPED: $chromium not installed (apt-get install chromium)"; exit 77
fi

mkdir -p "$work" "$shots"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/playwright-core" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

export DOCINTAKE_KIOSK_BIN="$kiosk_bin" DOCINTAKE_CLI_BIN="$cli_bin" DOCINTAKE_KIOSK_DIR="$kiosk_dir"
export DOCINTAKE_SCREENSHOT_DIR="$shots" PLAYWRIGHT_CORE_DIR="$work/node_modules/playwright-core" CHROMIUM="$chromium"
cd "$here"
exec node --test-reporter=spec --test-concurrency=1 --test kiosk_ui_test.mjs
