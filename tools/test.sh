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

echo "== release build and tests ($(date -u +%T))"
# Compiled with the amd64 packages' flags (tools/deb-buildflags.sh: Debian's hardening), so
# the packages at the end are made from this tree, not compiled a second time. The options
# are named because that package build reconfigures the tree (prefix /usr, no tests).
(eval "$(tools/deb-buildflags.sh)"
 cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
   -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" -DCMAKE_SHARED_LINKER_FLAGS="$LDFLAGS" -DCMAKE_MODULE_LINKER_FLAGS="$LDFLAGS" \
   -DCMAKE_INSTALL_PREFIX=/usr/local -DCMAKE_INSTALL_LIBDIR=lib -DDOCINTAKE_PYTHON_INSTALL_DIR=lib/python3/dist-packages \
   -DDOCINTAKE_BUILD_TESTS=ON -DDOCINTAKE_BUILD_EXAMPLES=ON -DDOCINTAKE_BUILD_BENCH=ON -DDOCINTAKE_SOURCE_MODEL_FALLBACK=ON >/dev/null)
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

[ $quick = 1 ] && exit 0

echo "== ASan+UBSan build and tests ($(date -u +%T))"
# -O1 -g1: ASan's recommended optimisation, with line tables for its reports;
# builds faster than RelWithDebInfo's -O2 -g.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DDOCINTAKE_SANITIZE=ON -DDOCINTAKE_BUILD_BENCH=OFF -DDOCINTAKE_BUILD_EXAMPLES=ON >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

echo "== ThreadSanitizer: several readers on several threads at once ($(date -u +%T))"
# Only the thread tests' targets (the library, the C API, the tests): a small stage.
# Measured from clean without ccache: 144 s of CPU to build (about 75 s on 2 idle
# cores), 35 s to run on a loaded 2-core machine. Libraries Debian does not build
# for TSan (GDAL, OpenCV with TBB) are named in tests/tsan.supp.
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DDOCINTAKE_SANITIZE=thread -DDOCINTAKE_BUILD_BENCH=OFF -DDOCINTAKE_BUILD_EXAMPLES=OFF \
  -DDOCINTAKE_BUILD_TOOLS=OFF -DDOCINTAKE_BUILD_KIOSK=OFF >/dev/null
cmake --build build-tsan -j "$jobs" --target thread_readers_test capi_test
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp" \
  ctest --test-dir build-tsan -R '^(thread_readers_test|capi_test)$' --output-on-failure

echo "== libFuzzer targets (short runs, one per core at a time) ($(date -u +%T))"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCINTAKE_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$jobs"
export DOCINTAKE_FUZZ_SECONDS=${DOCINTAKE_FUZZ_SECONDS:-30} root
run_fuzzer() {
  local fuzzer=$1 name corpus seeds
  name=$(basename "$fuzzer")
  corpus="$root/build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  seeds="$root/tests/fuzz/seeds/${name#fuzz_}"
  [ -d "$seeds" ] || seeds=""
  if "$fuzzer" -max_total_time="$DOCINTAKE_FUZZ_SECONDS" -timeout=5 -rss_limit_mb=2048 -print_final_stats=0 \
       "$corpus" $seeds >"$root/build-fuzz/$name.log" 2>&1; then
    echo "fuzz $name: ok ($(grep -c . "$root/build-fuzz/$name.log") log lines)"
  else
    echo "fuzz $name: FAILED"; tail -40 "$root/build-fuzz/$name.log"; return 1
  fi
}
export -f run_fuzzer
fuzzers=(build-fuzz/bin/fuzz_*)
if printf '%s\n' "${fuzzers[@]}" | xargs -P "$jobs" -I{} bash -c 'run_fuzzer "$1"' _ {}; then
  echo "fuzz: ${#fuzzers[@]} passed"
else
  echo "fuzz: at least one target FAILED"; exit 1
fi

echo "== aarch64: cross build, unit tests and a whole-image read under qemu ($(date -u +%T))"
# Every unit test qemu-user can run except the three slowest there (calibrate_measures,
# vision_locate, calibrate_lens: 206 of the 289 test-seconds), plus read_frames_test and a CLI read,
# to keep CI under 40 minutes. `tools/ci-arm64.sh` alone runs them too (docs/arm.md).
# The kiosk is compiled by the arm64 package build below.
DOCINTAKE_ARM64_KIOSK=0 DOCINTAKE_ARM64_SLOW=0 tools/ci-arm64.sh

echo "== Debian packages: amd64 built, installed and used; arm64 built, its CLI run under qemu ($(date -u +%T))"
# Made from the release build and build-arm64 above (compiled with the packages' flags):
# debian/rules reconfigures each for /usr and compiles only the three files that name the
# install prefix, plus the arm64 kiosk. Then build/ is configured for packaging (no tests):
# the release stage names every option, so the next run reconfigures it back.
DOCINTAKE_DEB_AMD64_TREE=build DOCINTAKE_DEB_ARM64_TREE=build-arm64 tools/ci-deb.sh
echo "== all stages passed ($(date -u +%T))"
