#!/usr/bin/env bash
# CI stage: docintake's Debian packages (debian/), built with `debian/rules binary` (what
# dpkg-buildpackage -b runs, without the .changes/.buildinfo nobody uploads here).
#  amd64: build, install for real with apt-get, run the installed CLI and Python binding
#         on a bundled frame, build examples/installed against the installed -dev package
#         with CMake and with pkg-config and run them; then purge the packages again.
#  arm64: cross-build against the arm64 root (tools/arm64/sysroot.sh; build-deb-arm64
#         shares ccache with tools/ci-arm64.sh's build-arm64), check the packages'
#         architecture, contents and Depends, and run the packaged CLI and kiosk under
#         qemu-aarch64-static in a copy of the root with the packages unpacked into it.
#   tools/ci-deb.sh [amd64|arm64]   (default both; root or sudo)
# Packages and logs: build-deb/<arch>/. Packages are built without -g (faster; the
# Debian default keeps it: DEB_CXXFLAGS_STRIP= tools/ci-deb.sh).
# Build trees: build-deb-<arch>, or one already built with the packages' flags
# (tools/deb-buildflags.sh), which debian/rules reconfigures for /usr and finishes:
#   DOCINTAKE_DEB_AMD64_TREE=build DOCINTAKE_DEB_ARM64_TREE=build-arm64 tools/ci-deb.sh
# (tools/test.sh does so after its release and aarch64 stages: no second compile).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
arches=${1:-amd64 arm64}
frame=$root/examples/data/frames/camera_090001.jpg
packages=(libdocintake0 libdocintake-dev docintake docintake-kiosk python3-docintake)
stage() { echo "-- deb: $* ($(date -u +%T))"; }
fail() { echo "ci-deb: $*" >&2; exit 1; }
# A reading's JSON (file) is valid; only "valid"/"not valid" is printed (its fields are a person's).
valid_json() { /usr/bin/python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["mrz"]["valid"] is True else 1)' "$1"; }

need=()
for p in dpkg-dev debhelper ccache file; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
export DEB_BUILD_OPTIONS="noddebs nocheck parallel=${DOCINTAKE_JOBS:-2}"
# gzip, not dpkg's xz: xz took 30 s of CPU for the kiosk package's WAV prompts, gzip 2 s
# (DOCINTAKE_DEB_COMPRESSION= keeps xz).
export DOCINTAKE_DEB_COMPRESSION=${DOCINTAKE_DEB_COMPRESSION-gzip}
export DEB_CXXFLAGS_STRIP=${DEB_CXXFLAGS_STRIP--g}
export CCACHE_BASEDIR=$root

# The build tree for arch: DOCINTAKE_DEB_<ARCH>_TREE, else build-deb-<arch>.
tree_for() {  # arch
  local var="DOCINTAKE_DEB_${1^^}_TREE"
  echo "${!var:-build-deb-$1}"
}

# A tree built before must have the packages' compile and link flags, or the packages
# would ship without Debian's hardening (debian/rules cannot change a configured tree's
# flags). Link flags: contained (a cross toolchain file adds its own).
check_reused_tree() {  # arch tree
  local arch=$1 tree=$2 cxxflags ldflags CXXFLAGS LDFLAGS
  [ -f "$tree/CMakeCache.txt" ] || return 0
  eval "$(DEB_HOST_ARCH=$arch tools/deb-buildflags.sh)"
  cxxflags=$(sed -n 's/^CMAKE_CXX_FLAGS:[A-Z]*=//p' "$tree/CMakeCache.txt" | xargs)
  ldflags=$(sed -n 's/^CMAKE_SHARED_LINKER_FLAGS:[A-Z]*=//p' "$tree/CMakeCache.txt" | xargs)
  [ "$cxxflags" = "$(xargs <<<"$CXXFLAGS")" ] ||
    fail "$tree was compiled with '$cxxflags', not the $arch packages' '$CXXFLAGS' (tools/deb-buildflags.sh; remove the tree)"
  [[ " $ldflags " == *" $(xargs <<<"$LDFLAGS") "* ]] ||
    fail "$tree was linked with '$ldflags', without the $arch packages' '$LDFLAGS' (tools/deb-buildflags.sh; remove the tree)"
  echo "reusing $tree (configured with the packages' flags)"
}

build_packages() {  # arch
  local arch=$1 out=$root/build-deb/$1 tree compiled
  tree=$(tree_for "$arch")
  rm -rf "$out"; mkdir -p "$out"
  dh_clean
  stage "$arch: build the packages"
  check_reused_tree "$arch" "$tree"
  if [ "$arch" = "$(dpkg --print-architecture)" ]; then
    dpkg-checkbuilddeps
    DOCINTAKE_DEB_BUILDDIR=$tree DOCINTAKE_DEB_OUTDIR=$out nice -n 5 debian/rules binary >"$out/build.log" 2>&1 ||
      { tail -40 "$out/build.log"; fail "$arch package build failed (build-deb/$arch/build.log)"; }
  else
    DOCINTAKE_DEB_BUILDDIR=$tree DOCINTAKE_DEB_OUTDIR=$out nice -n 5 \
      dpkg-architecture -a"$arch" -c debian/rules binary >"$out/build.log" 2>&1 ||
      { tail -40 "$out/build.log"; fail "$arch package build failed (build-deb/$arch/build.log)"; }
  fi
  dh_clean
  # ninja -v prints each compile command: how much the package build compiled itself.
  compiled=$(grep -cE '^\[[0-9]+/[0-9]+\] .* -c [^ ]+\.cpp$' "$out/build.log" || true)
  echo "$arch package build compiled $compiled C++ files in $tree"
  for p in "${packages[@]}"; do
    ls "$out/${p}_"*"_$arch.deb" >/dev/null 2>&1 || fail "$arch: no package $p"
  done
  ls -s "$out"/*.deb
}

# Contents and control fields every architecture's packages must have.
check_packages() {  # arch triplet
  local arch=$1 triplet=$2 out=$root/build-deb/$1 p
  stage "$arch: contents and control fields"
  for p in "${packages[@]}"; do
    dpkg-deb -c "$out/${p}_"*.deb | awk '{print $6}' >"$out/$p.contents"
    dpkg-deb -f "$out/${p}_"*.deb Architecture | grep -qx "$arch" || fail "$p is not $arch"
  done
  expect() {  # package path-regex
    grep -Eq "$2" "$out/$1.contents" || fail "$1 lacks $2"
  }
  expect libdocintake0 "^\./usr/lib/$triplet/libdocintake\.so\.0\.[0-9.]+$"
  expect libdocintake0 "^\./usr/lib/$triplet/libdocintake_c\.so\.0\.[0-9.]+$"
  expect libdocintake0 '^\./usr/share/docintake/models/mrz\.traineddata$'
  expect libdocintake0 '^\./usr/libexec/docintake/docintake-barcode-worker$'
  expect libdocintake-dev '^\./usr/include/docintake/read_mrz\.h$'
  expect libdocintake-dev '^\./usr/include/docintake/version_number\.h$'
  expect libdocintake-dev "^\./usr/lib/$triplet/libdocintake\.a$"
  expect libdocintake-dev "^\./usr/lib/$triplet/cmake/docintake/docintakeConfig\.cmake$"
  expect libdocintake-dev "^\./usr/lib/$triplet/pkgconfig/docintake-c\.pc$"
  expect docintake '^\./usr/bin/docintake$'
  expect docintake-kiosk '^\./opt/docintake-kiosk/docintake-kiosk$'
  expect docintake-kiosk '^\./opt/docintake-kiosk/docintake-barcode-worker$'
  expect docintake-kiosk '^\./opt/docintake-kiosk/models/mrz\.traineddata$'
  expect docintake-kiosk '^\./opt/docintake-kiosk/web/index\.html$'
  expect docintake-kiosk '^\./opt/docintake-kiosk/i18n/en\.json$'
  expect docintake-kiosk '^\./etc/docintake/docintake-kiosk\.conf$'
  expect docintake-kiosk '^\./lib/systemd/system/docintake-kiosk\.service$'
  expect docintake-kiosk '^\./lib/systemd/system/kiosk-browser\.service$'
  expect python3-docintake '^\./usr/lib/python3/dist-packages/docintake/__init__\.py$'
  # ${shlibs:Depends} was filled from the libraries' own packages.
  local depends
  depends=$(dpkg-deb -f "$out/libdocintake0_"*.deb Depends)
  for lib in libc6 libstdc\\+\\+6 libopencv-core406 libtesseract5 libzxing2 libsqlite3-0 libsodium23 libcurl4 libmosquitto1 libssl3; do
    grep -Eq "(^|, )$lib( |,|$)" <<<"$depends" || fail "libdocintake0's Depends lacks $lib: $depends"
  done
}

amd64() {
  local out=$root/build-deb/amd64 work=$root/build-deb/amd64/installed
  build_packages amd64
  check_packages amd64 x86_64-linux-gnu
  stage "amd64: install with apt-get"
  purge() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get purge -y -qq "${packages[@]}" >/dev/null 2>&1 || true; }
  trap purge EXIT
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$out"/*.deb >"$out/install.log" 2>&1 ||
    { tail -20 "$out/install.log"; fail "apt-get install of the amd64 packages failed"; }
  mkdir -p "$work"
  stage "amd64: the installed CLI, Python binding and kiosk"
  (cd /tmp && /usr/bin/docintake read "$frame" >"$work/read.json") || true
  valid_json "$work/read.json" || fail "installed docintake read: not valid"
  echo "installed /usr/bin/docintake read: valid"
  (cd /tmp && /usr/bin/python3 -c 'import json,sys,docintake
r = docintake.read(docintake.load_image(sys.argv[1]))
json.dump(r if isinstance(r, dict) else json.loads(r), open(sys.argv[2], "w"))' "$frame" "$work/python.json") ||
    fail "installed Python binding failed"
  valid_json "$work/python.json" || fail "installed Python binding: not valid"
  echo "installed python3 docintake.read: valid"
  /opt/docintake-kiosk/docintake-kiosk --help >/dev/null || fail "installed docintake-kiosk --help failed"
  getent passwd docintake >/dev/null || fail "docintake-kiosk made no user docintake"
  [ "$(stat -c %a:%G /etc/docintake/docintake-kiosk.conf)" = 640:docintake ] || fail "kiosk config permissions"
  stage "amd64: examples/installed against the installed -dev package"
  cmake -S examples/installed -B "$work/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$work/cmake" -j "${DOCINTAKE_JOBS:-2}" >/dev/null
  mkdir -p "$work/pc"
  make -s -C examples/installed OUT="$work/pc"
  for program in cmake/read_image_c cmake/read_image_cxx cmake/read_image_cxx_static pc/read_image_c pc/read_image_cxx; do
    "$work/$program" "$frame" | grep -q "status: valid" || fail "example $program: no valid reading"
    echo "example $program (installed package): valid"
  done
  purge
  trap - EXIT
}

arm64() {
  local out=$root/build-deb/arm64 device=$root/build-deb/arm64/device
  export DOCINTAKE_ARM64_SYSROOT=${DOCINTAKE_ARM64_SYSROOT:-/var/cache/docintake-arm64/sysroot}
  command -v qemu-aarch64-static >/dev/null && command -v aarch64-linux-gnu-g++ >/dev/null ||
    fail "run tools/ci-arm64.sh first (cross toolchain, qemu)"
  $SUDO tools/arm64/sysroot.sh "$(dirname "$DOCINTAKE_ARM64_SYSROOT")"
  build_packages arm64
  check_packages arm64 aarch64-linux-gnu
  stage "arm64: the packaged CLI and kiosk under qemu"
  # A copy of the root (hard links) standing for the device, with the packages unpacked in it.
  rm -rf "$device"
  cp -al "$DOCINTAKE_ARM64_SYSROOT" "$device"
  for p in libdocintake0 docintake docintake-kiosk; do dpkg-deb -x "$out/${p}_"*.deb "$device"; done
  for bin in usr/bin/docintake usr/libexec/docintake/docintake-barcode-worker opt/docintake-kiosk/docintake-kiosk; do
    file "$device/$bin" | grep -q "ARM aarch64" || fail "$bin is not an aarch64 program"
  done
  (cd /tmp && qemu-aarch64-static -L "$device" "$device/usr/bin/docintake" read "$frame" >"$out/read.json") || true
  valid_json "$out/read.json" || fail "packaged arm64 docintake read: not valid"
  echo "packaged arm64 /usr/bin/docintake read (qemu): valid"
  qemu-aarch64-static -L "$device" "$device/opt/docintake-kiosk/docintake-kiosk" --help >/dev/null ||
    fail "packaged arm64 docintake-kiosk --help failed"
  rm -rf "$device"
}

for arch in $arches; do
  "$arch"
done
stage "done"
