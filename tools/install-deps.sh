#!/usr/bin/env bash
# Installs everything docintake needs to build, run and test on Debian 12.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
packages=(
  build-essential cmake ninja-build pkg-config git
  libopencv-dev libtesseract-dev tesseract-ocr libzxing-dev
  nlohmann-json3-dev libcli11-dev libssl-dev doctest-dev
  clang libclang-rt-14-dev fonts-ocr-b fonts-dejavu-core libopencv-contrib-dev
  libsqlite3-dev libsodium-dev libcurl4-openssl-dev libmosquitto-dev libcpp-httplib-dev
  mosquitto sqlite3 python3-jsonschema
  python3-numpy  # the Python binding (python/docintake) and its test
)
# The kiosk UI (kiosk/web, tests/kiosk): fonts for every script it shows, spoken prompts, and
# the browser tests' chromium and node/npm (a node that already has npm is kept).
packages+=(chromium espeak-ng fonts-noto-core)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
