#!/usr/bin/env bash
# Prints, as shell exports, the C++ compile and link flags that debian/rules builds with
# for DEB_HOST_ARCH (hardening=+all; CPPFLAGS folded into CXXFLAGS as debhelper does for
# CMake; DEB_CXXFLAGS_STRIP honoured). A build tree configured with them (tools/test.sh's
# release build, tools/ci-arm64.sh's build-arm64) is the tree tools/ci-deb.sh then makes
# the packages from: debian/rules reconfigures it for /usr and compiles only what that
# changes, not everything a second time.
# Run from the source root (-ffile-prefix-map names it).
set -euo pipefail
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
# Without -g, as tools/ci-deb.sh builds the packages (DEB_CXXFLAGS_STRIP= keeps it).
export DEB_CXXFLAGS_STRIP=${DEB_CXXFLAGS_STRIP--g}
echo "export CXXFLAGS='$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)'"
echo "export LDFLAGS='$(dpkg-buildflags --get LDFLAGS)'"
