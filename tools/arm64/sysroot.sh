#!/usr/bin/env bash
# Makes an arm64 Debian 12 root with docintake's build dependencies (headers, libraries,
# CMake and pkg-config files) for the cross build (cmake/toolchains/aarch64-linux-gnu.cmake)
# and for running arm64 programs under qemu-aarch64-static -L ROOT.
#   tools/arm64/sysroot.sh [DIR]      (default /var/cache/docintake-arm64)
# DIR/sysroot is the root, DIR/dpkg a database of it for dpkg-shlibdeps (register-debs.sh).
# Packages are extracted, not installed: no maintainer scripts, no binfmt_misc, and the
# host's own package state is untouched (multiarch :arm64 -dev packages would force
# upgrades of amd64 ones in lockstep, and libopencv-dev is not Multi-Arch: same).
# Quick when DIR already holds a root made from the same package list.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-/var/cache/docintake-arm64}
packages=(
  libc6-dev libstdc++-12-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-videoio-dev
  libopencv-calib3d-dev libopencv-contrib406
  libtesseract-dev libzxing-dev libssl-dev libsqlite3-dev libsodium-dev
  libcurl4-openssl-dev libmosquitto-dev libcpp-httplib-dev
  nlohmann-json3-dev libcli11-dev doctest-dev
)
# Extracted without its dependencies: libopencv-contrib-dev depends on libopencv-viz-dev and
# with it VTK (hundreds of packages); docintake needs only its aruco/freetype headers and links.
nodeps=(libopencv-contrib-dev)
want=$(printf '%s\n' "${packages[@]}" -- "${nodeps[@]}" | sha256sum | cut -c1-16)
# Links that maintainer scripts would make (update-alternatives), which extracting skips:
# libopencv_core needs libblas.so.3 and liblapack.so.3 (the reference ones, libblas3/liblapack3).
alternatives() {
  local lib=$dir/sysroot/usr/lib/aarch64-linux-gnu name
  for name in blas lapack; do
    if [ -e "$lib/$name/lib$name.so.3" ] && [ ! -e "$lib/lib$name.so.3" ]; then
      ln -s "$name/lib$name.so.3" "$lib/lib$name.so.3"
    fi
  done
}
if [ -f "$dir/sysroot.stamp" ] && [ "$(cat "$dir/sysroot.stamp")" = "$want" ]; then
  alternatives
  exit 0
fi
command -v mmdebstrap >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap
}
mkdir -p "$dir"
rm -rf "$dir/sysroot" "$dir/dpkg" "$dir/sysroot.stamp"
include=$(IFS=,; echo "${packages[*]}")
mmdebstrap --quiet --variant=extract --architectures=arm64 --include="$include" \
  --extract-hook='cd "$1/var/cache/apt/archives" && APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-get download -qq '"${nodeps[*]}"' && for d in '"${nodeps[*]}"'; do dpkg-deb -x "$d"_*.deb "$1"; done' \
  --extract-hook="\"$here/register-debs.sh\" \"\$1\" \"$dir/dpkg\"" \
  bookworm "$dir/sysroot" \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"
alternatives
echo "$want" >"$dir/sysroot.stamp"
