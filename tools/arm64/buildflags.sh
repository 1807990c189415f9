#!/usr/bin/env bash
# Prints, as shell exports, the C++ compile and link flags that debian/rules builds with
# for DEB_HOST_ARCH (hardening=+all; CPPFLAGS folded into CXXFLAGS as debhelper does for
# CMake). tools/ci-arm64.sh configures build-arm64 with them, so that the arm64 package
# build in tools/ci-deb.sh compiles the same objects (ccache hits, not a second build).
# Run from the source root (-ffile-prefix-map names it).
set -euo pipefail
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
echo "export CXXFLAGS='$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)'"
echo "export LDFLAGS='$(dpkg-buildflags --get LDFLAGS)'"
