#!/usr/bin/env bash
# The docintake demo. Installs what docintake needs (apt), builds it, and:
#
#   tools/demo.sh         starts the reception kiosk (docintake-kiosk) on the
#                         bundled sample video (kiosk/data/sample.avi: a synthetic
#                         ID card held in front of a camera) with a record store
#                         in a temporary folder, and prints the address to open in
#                         a browser. Ctrl-C stops it and deletes the store.
#                         PORT=9000 tools/demo.sh picks the port (default 8080).
#   tools/demo.sh --cli   the command-line demo: parses the ICAO specimen MRZ, reads
#                         the bundled camera frames, runs the multi-frame scanner
#                         over two bundled hand-held sequences.
#
# Everything shown is synthetic (bench/synth): no real person's document is bundled.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=kiosk
case "${1:-}" in
  --cli) mode=cli ;;
  "") ;;
  -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
  *) echo "usage: tools/demo.sh [--cli]" >&2; exit 2 ;;
esac

tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
export OMP_THREAD_LIMIT=1  # Tesseract's OpenMP threads only slow it down

if [ "$mode" = cli ]; then
  cmake --build build -j "$(nproc)" --target docintake_cli

  echo "== docintake parse: the ICAO 9303 TD3 specimen"
  build/bin/docintake parse 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
                            'L898902C36UTO7408122F1204159ZE184226B<<<<<10' --today 2026-01-01 || true

  echo "== docintake read: one JSON line per frame (examples/data/frames)"
  build/bin/docintake read examples/data/frames/*.jpg || true

  echo "== docintake scan: agreeing on one reading across a hand-held sequence (examples/data/sequence)"
  build/bin/docintake scan examples/data/sequence || true

  echo "== docintake scan: a dark, noisy sequence; the scanner says what the kiosk should tell the person"
  build/bin/docintake scan examples/data/sequence-dark || true
  exit 0
fi

cmake --build build -j "$(nproc)" --target docintake_kiosk
work=$(mktemp -d)
kiosk_pid=""
stop() {
  trap - INT TERM EXIT
  if [ -n "$kiosk_pid" ] && kill -0 "$kiosk_pid" 2>/dev/null; then
    echo
    echo "stopping the kiosk ..."
    kill -TERM "$kiosk_pid" 2>/dev/null || true
    wait "$kiosk_pid" 2>/dev/null || true
  fi
  rm -rf "$work"  # the demo's store, key and records
}
trap stop INT TERM EXIT

# A background job of a script ignores Ctrl-C itself; the trap above stops it.
build/bin/docintake-kiosk --source kiosk/data/sample.avi --store "$work/store" --port "${PORT:-8080}" \
  >"$work/stdout" &
kiosk_pid=$!
url=""
for _ in $(seq 100); do
  url=$(sed -n 's/.*listening on \(http[^ ]*\)/\1/p' "$work/stdout" 2>/dev/null)
  [ -n "$url" ] && break
  kill -0 "$kiosk_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "the kiosk did not start (is port ${PORT:-8080} taken? try PORT=9000 tools/demo.sh)" >&2
  exit 1
fi
cat <<MSG

  The kiosk is running on the bundled sample video. Open this in a browser:

      $url

  Touch "Start", choose a language, agree, and the card in the video is read.
  Records go to a temporary store (deleted on exit). Ctrl-C stops the kiosk.
  Its log (events and record ids only, never personal data) follows.

MSG
wait "$kiosk_pid" || true
