#!/usr/bin/env bash
# Installs what docintake needs (apt), builds it, and runs its main job on the
# bundled sample documents:
#   1. parses the ICAO Doc 9303 specimen MRZ (docintake parse),
#   2. reads the MRZ from each bundled camera frame (docintake read),
#   3. runs the multi-frame scanner over two bundled hand-held frame sequences (docintake scan):
#      one it agrees on, and a dark, noisy one where it says why it cannot read.
# The sample frames in examples/data/ are synthetic (bench/synth, camera profile, seeds
# 90001-90004, 90010 and 90011): no real person's document is bundled.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target docintake_cli
export OMP_THREAD_LIMIT=1  # Tesseract's OpenMP threads only slow it down

echo "== docintake parse: the ICAO 9303 TD3 specimen"
build/bin/docintake parse 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
                          'L898902C36UTO7408122F1204159ZE184226B<<<<<10' --today 2026-01-01 || true

echo "== docintake read: one JSON line per frame (examples/data/frames)"
build/bin/docintake read examples/data/frames/*.jpg || true

echo "== docintake scan: agreeing on one reading across a hand-held sequence (examples/data/sequence)"
build/bin/docintake scan examples/data/sequence || true

echo "== docintake scan: a dark, noisy sequence; the scanner says what the kiosk should tell the person"
build/bin/docintake scan examples/data/sequence-dark || true
