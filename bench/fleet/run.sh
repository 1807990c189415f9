#!/usr/bin/env bash
# Handoff fleet benchmark. N simulated kiosks (N processes, N = 1 2 4 8 16), each
# with its own store of M pending records, send their outboxes at the same moment
# to ONE Mosquitto broker on 127.0.0.1 (mqtt://, QoS 1, one record in flight per
# kiosk); a subscriber counts what arrives. Reported per N: records/s in total and
# per kiosk, arrivals (and distinct idempotency keys), the broker's CPU and RSS.
# Then one kiosk against a loopback HTTP receiver (http://) and a folder (file://).
# Loopback only; everything is bounded (M records, 120 s per round).
#
# Usage: bench/fleet/run.sh [BUILD_DIR] [M] ["N list"]
#   BUILD_DIR: a build with -DDOCINTAKE_BUILD_BENCH=ON (target docintake_fleet)
set -euo pipefail
BUILD=${1:-build}
M=${2:-200}
NS=${3:-"1 2 4 8 16"}
BIN=$(realpath "$BUILD")/bin/docintake-fleet
PY=/usr/bin/python3
[ -x "$BIN" ] || { echo "missing $BIN (cmake --build $BUILD --target docintake_fleet)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/docintake-fleet-XXXXXX)
BROKER_PID=""
RECEIVER_PID=""
cleanup() {
  [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null || true
  [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null && wait "$RECEIVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
TICKS=$(getconf CLK_TCK)

PORT=$(free_port)
cat > "$WORK/mosquitto.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
log_dest none
max_queued_messages 100000
CONF
[ "$(id -u)" = 0 ] && echo "user root" >> "$WORK/mosquitto.conf"
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.out" 2>&1 &
BROKER_PID=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.05; done

echo "host: $(nproc) cores, $(uname -r); mosquitto $(/usr/sbin/mosquitto -h 2>&1 | head -1 | awk '{print $3}'); M=$M records per kiosk"
echo "| kiosks | records | received (unique keys) | wall s | records/s total | records/s per kiosk (mean) | share of a kiosk's time in the sink | broker CPU s (% of one core) | broker RSS MB (peak) |"
echo "|---|---|---|---|---|---|---|---|---|"
for N in $NS; do
  R="$WORK/round-$N"; mkdir -p "$R"
  PIDS=()
  for k in $(seq 1 "$N"); do "$BIN" prepare --store "$R/kiosk-$k" --records "$M" & PIDS+=($!); done
  for p in "${PIDS[@]}"; do wait "$p"; done
  "$BIN" count --port "$PORT" --expect $((N * M)) --timeout-s 120 > "$R/count.txt" &
  COUNT_PID=$!
  for _ in $(seq 200); do grep -q ready "$R/count.txt" 2>/dev/null && break; sleep 0.02; done
  CPU0=$(cpu_ticks "$BROKER_PID")
  START=$(( $(now_ms) + 300 ))
  PIDS=()
  for k in $(seq 1 "$N"); do
    "$BIN" send --kiosk "$k" --store "$R/kiosk-$k" --start-at-ms "$START" \
      --url "mqtt://127.0.0.1:$PORT/docintake/site-$(printf %03d "$k")/records" > "$R/send-$k.json" &
    PIDS+=($!)
  done
  for p in "${PIDS[@]}"; do wait "$p" || true; done
  wait "$COUNT_PID" || true
  CPU1=$(cpu_ticks "$BROKER_PID")
  RSS=$(status_kb "$BROKER_PID" VmRSS); HWM=$(status_kb "$BROKER_PID" VmHWM)
  $PY - "$R" "$N" "$M" "$START" "$CPU0" "$CPU1" "$TICKS" "$RSS" "$HWM" <<'PYEOF'
import json, sys, glob
r, n, m, start, cpu0, cpu1, ticks, rss, hwm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9])
sends = [json.loads(open(f).read()) for f in sorted(glob.glob(r + "/send-*.json")) if open(f).read().strip()]
count = [json.loads(l) for l in open(r + "/count.txt") if l.startswith("{")][0]
delivered = sum(s["delivered"] for s in sends)
wall = (max(s["end_ms"] for s in sends) - start) / 1000.0
per_kiosk = sum(s["delivered"] / s["seconds"] for s in sends) / len(sends)
sink_share = sum(s["sink_seconds"] for s in sends) / sum(s["seconds"] for s in sends)
cpu = (cpu1 - cpu0) / ticks
print(f"| {n} | {delivered}/{n*m} delivered | {count['received']} ({count['unique']}) | {wall:.2f} | {delivered / wall:.0f} | {per_kiosk:.0f} | {100 * sink_share:.0f}% | {cpu:.2f} ({100 * cpu / wall:.0f}%) | {rss / 1024:.1f} ({hwm / 1024:.1f}) |")
PYEOF
  rm -rf "$R"
done

# One kiosk, other sinks: a loopback HTTP receiver (cpp-httplib) and a folder.
"$BIN" http-receiver > "$WORK/receiver.port" 2> "$WORK/receiver.err" &
RECEIVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/receiver.port" ] && break; sleep 0.02; done
HTTP_PORT=$(head -1 "$WORK/receiver.port")
mkdir -p "$WORK/out"
echo
echo "| one kiosk, sink | records | seconds | records/s | time in the sink |"
echo "|---|---|---|---|---|"
for url in "http://127.0.0.1:$HTTP_PORT/intake" "mqtt://127.0.0.1:$PORT/docintake/site-001/records" "file://$WORK/out"; do
  "$BIN" prepare --store "$WORK/single" --records "$M"
  "$BIN" send --store "$WORK/single" --url "$url" > "$WORK/single.json"
  $PY - "$WORK/single.json" "${url%%:*}" "$M" <<'PYEOF'
import json, sys
s = json.load(open(sys.argv[1]))
print("| %s | %d/%s | %.2f | %.0f | %.0f%% |" % (sys.argv[2], s["delivered"], sys.argv[3], s["seconds"], s["delivered"] / s["seconds"], 100 * s["sink_seconds"] / s["seconds"]))
PYEOF
  rm -rf "$WORK/single"
done
