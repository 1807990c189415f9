#!/bin/sh
# Builds docintake-bench and runs the standard benchmark: the table goes to
# stdout, progress to stderr. Extra arguments go to docintake-bench, e.g.
#   bench/run.sh --camera 50 --hard 20     (a quicker run)
#   bench/run.sh --test                    (adds the SEALED test set: only once, at the end of an
#                                           issue, in the recorded run; docs/benchmarks.md)
# Generated frames are cached in $BUILD_DIR/bench-data (deterministic by seed).
set -eu
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDOCINTAKE_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD_DIR" -j2 --target docintake_bench docintake_synth_cli >/dev/null
export OMP_THREAD_LIMIT=1
exec "$BUILD_DIR/bin/docintake-bench" "$@"
