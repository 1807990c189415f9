#!/usr/bin/env bash
# Remakes kiosk/data/sample.avi, the kiosk's sample video: 1.5 s of a table with
# no document, 4.5 s of a synthetic ID card (TD1) held in front of the camera,
# 1 s without it again; 640x480, 10 fps, H.264 in AVI (~2 MB; MJPG would be ~6 MB).
# Everything is synthetic (bench/synth): the person on the card does not exist.
#   kiosk/data/make_sample.sh [BUILD_DIR]   (default build-sample; configured with the benchmarks on)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-sample}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDOCINTAKE_BUILD_BENCH=ON -DDOCINTAKE_BUILD_TESTS=OFF \
  $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
cmake --build "$build" -j 2 --target docintake_synth_cli docintake_kiosk_make_sample
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
synth="$build/bin/docintake-synth"
# Seed 700018 is a TD1 card that `docintake scan` agrees on within 3 frames at
# this size; the no-document seeds are plain tables.
"$synth" --profile nodoc --seeds 700101 --sequence 15 --frame 640x480 --out "$work/a" >/dev/null
"$synth" --profile camera --seeds 700018 --sequence 45 --frame 640x480 --all-valid --out "$work/b" >/dev/null
"$synth" --profile nodoc --seeds 700102 --sequence 10 --frame 640x480 --out "$work/c" >/dev/null
"$build/bin/docintake-kiosk-make-sample" kiosk/data/sample.avi 10 "${FOURCC:-H264}" "$work/a" "$work/b" "$work/c"
ls -l kiosk/data/sample.avi
