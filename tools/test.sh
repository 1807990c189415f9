#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test: the release build, an
# ASan+UBSan build of the tests, and a short run of every libFuzzer target.
#   tools/test.sh            everything
#   tools/test.sh --quick    release build and tests only
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)
quick=0
[ "${1:-}" = "--quick" ] && quick=1

tools/install-deps.sh

echo "== release build and tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

[ $quick = 1 ] && exit 0

echo "== ASan+UBSan build and tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCINTAKE_SANITIZE=ON \
  -DDOCINTAKE_BUILD_BENCH=OFF -DDOCINTAKE_BUILD_EXAMPLES=ON >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

echo "== libFuzzer targets (short runs)"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCINTAKE_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$jobs"
fuzz_seconds=${DOCINTAKE_FUZZ_SECONDS:-30}
failed=0; passed=0
for fuzzer in build-fuzz/bin/fuzz_*; do
  name=$(basename "$fuzzer")
  corpus="$root/build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  seeds="$root/tests/fuzz/seeds/${name#fuzz_}"
  [ -d "$seeds" ] || seeds=""
  if "$fuzzer" -max_total_time="$fuzz_seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=0 \
       "$corpus" $seeds >"build-fuzz/$name.log" 2>&1; then
    echo "fuzz $name: ok ($(grep -c . "build-fuzz/$name.log") log lines)"; passed=$((passed+1))
  else
    echo "fuzz $name: FAILED"; tail -40 "build-fuzz/$name.log"; failed=$((failed+1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed = 0 ]
