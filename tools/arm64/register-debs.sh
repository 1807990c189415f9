#!/usr/bin/env bash
# mmdebstrap customize hook (tools/arm64/sysroot.sh): records the extracted packages of
# ROOT in a dpkg database DB whose file lists carry the ROOT prefix, so that
#   dpkg-shlibdeps --admindir=DB -lROOT/usr/lib/aarch64-linux-gnu ...
# finds which arm64 package holds a library and reads its symbols/shlibs files
# (the extract variant runs no dpkg, so the root itself has no database).
#   register-debs.sh ROOT DB
set -euo pipefail
root=$1 db=$2
rm -rf "$db"
mkdir -p "$db/info" "$db/updates"
: >"$db/status"
echo arm64 >"$db/arch"
ctrl=$(mktemp -d)
trap 'rm -rf "$ctrl"' EXIT
echo 1 >"$db/info/format"  # names of multi-arch packages' files carry ":arm64"
for deb in "$root"/var/cache/apt/archives/*.deb; do
  fields=$(dpkg-deb -f "$deb")
  field() { sed -n "s/^$1: //p" <<<"$fields"; }
  name=$(field Package)
  [ "$(field Multi-Arch)" = same ] && name="$name:$(field Architecture)"
  awk '{print} /^Package:/ && !done {print "Status: install ok installed"; done=1}' <<<"$fields" >>"$db/status"
  echo >>"$db/status"
  dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -e 's|^\./||' -e 's|/$||' -e '/^$/d' -e "s|^|$root/|" \
    >"$db/info/$name.list"
  rm -rf "${ctrl:?}"/*
  dpkg-deb -e "$deb" "$ctrl"
  for f in shlibs symbols; do
    if [ -f "$ctrl/$f" ]; then cp "$ctrl/$f" "$db/info/$name.$f"; fi
  done
done
