#!/usr/bin/env bash
# Time from a document first seen to the review screen, and peak memory, of
# docintake-kiosk on a video, driven over its HTTP API like its web UI would:
# start, language, consent, wait for review, cancel; N times. The kiosk logs,
# per read, how long after the first frame that showed the document (capture
# time) the review screen was entered; this script collects those lines.
#   bench/kiosk_latency.sh [BUILD_DIR] [SOURCE] [N]
#   (defaults: build-kiosk, kiosk/data/sample.avi, 20)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-kiosk}
source=${2:-kiosk/data/sample.avi}
runs=${3:-20}
py=/usr/bin/python3
work=$(mktemp -d)
kiosk_pid=""
cleanup() {
  if [ -n "$kiosk_pid" ] && kill -0 "$kiosk_pid" 2>/dev/null; then kill -TERM "$kiosk_pid"; wait "$kiosk_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A staff PIN too: one staff login at the end (its memory-hard hash check uses
# 64 MiB) so that the peak memory includes it.
echo 2468 | "$build/bin/docintake-kiosk" --hash-pin >"$work/kiosk.conf"
"$build/bin/docintake-kiosk" --source "$source" --store "$work/store" --port 0 --config "$work/kiosk.conf" \
  >"$work/out" 2>"$work/log" &
kiosk_pid=$!
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\)/\1/p' "$work/out")
[ -n "$url" ] || { echo "the kiosk did not start"; cat "$work/log"; exit 1; }

event() { curl -sf -X POST -H 'Content-Type: application/json' -d "$1" "${url}api/event" >/dev/null; }
state() { curl -sf "${url}api/state" | $py -c 'import json,sys; print(json.load(sys.stdin)["state"])'; }
peak_rss=0
for i in $(seq "$runs"); do
  event '{"event":"start"}'
  event '{"event":"language","value":"en"}'
  event '{"event":"consent"}'
  deadline=$((SECONDS + 60))
  until [ "$(state)" = review ]; do
    [ $SECONDS -lt $deadline ] || { echo "run $i: no review within 60 s"; break; }
    sleep 0.1
  done
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$kiosk_pid/status")
  [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
  event '{"event":"cancel"}'
  # Start the next run at another point of the video.
  sleep "0.$((RANDOM % 10))"
done
login=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{"pin":"2468"}' "${url}api/staff/login")
kill -TERM "$kiosk_pid"
wait "$kiosk_pid" && status=0 || status=$?
kiosk_pid=""

echo "source: $source, runs: $runs, staff login: $login, exit status on SIGTERM: $status"
grep -o 'review entered [0-9]* ms' "$work/log" | awk '{print $3}' | sort -n | $py -c '
import sys
v = [float(x) for x in sys.stdin.read().split()]
if not v: sys.exit("no reads")
n = len(v)
med = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
print(f"document first seen -> review: n={n} median={med:.0f} ms p90={v[min(n - 1, int(0.9 * n))]:.0f} ms max={v[-1]:.0f} ms")'
grep -o 'VmHWM) [0-9]* kB' "$work/log" | awk -v rss="$peak_rss" '{printf "peak memory: VmHWM %d MB (VmRSS sampled at review: max %d MB)\n", $2 / 1024, rss / 1024}'
