#!/usr/bin/env bash
# Instructions per MRZ read, for the Raspberry Pi estimate (docs/arm.md):
#  aarch64: counted exactly under qemu-user: every translation block's execution is logged
#           (-d nochain,exec,in_asm) and summed by count-tb-insns.awk; the openat of each
#           image (-d strace) marks where its read begins, so a read costs the instructions
#           between the opening of its image and of the next (a blank image closes the list).
#  x86-64:  valgrind --tool=callgrind (Ir): the same CLI on the frames plus the blank, less
#           the blank alone, divided by the number of frames.
# Both CLIs run with OMP_THREAD_LIMIT=1. The arm64 one cannot start its barcode worker
# under qemu (no binfmt_misc), the x86 one does, in a process callgrind does not follow:
# each counts only the CLI's own process.
#   tools/arm64/count-instructions.sh ARM64_CLI X86_CLI FRAME...
# Slow: qemu logs about 10^8 lines per 1080p read (streamed through a pipe, not stored).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
arm=$1 x86=$2
shift 2
sysroot=${DOCINTAKE_ARM64_SYSROOT:-/var/cache/docintake-arm64/sysroot}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
blank=$work/blank.pgm
/usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(b"P5 64 64 255\n" + bytes([200]) * 4096)' >"$blank"
frames=("$@")
export OMP_THREAD_LIMIT=1

echo "aarch64 (qemu-aarch64-static, counted per translation block):"
mkfifo "$work/log"
mawk -f "$here/count-tb-insns.awk" "$work/log" >"$work/arm.counts" &
qemu-aarch64-static -L "$sysroot" -d nochain,exec,in_asm,strace -D "$work/log" "$arm" read "${frames[@]}" "$blank" \
  >/dev/null 2>"$work/arm.stderr" || true
wait
grep -q '^open ' "$work/arm.counts" || { echo "no image was opened:"; tail -n 5 "$work/arm.stderr" "$work/arm.counts"; }
awk -v blank="$blank" '
  $1 == "open" && $2 != prev {
    if (prev != "") { printf "  %s: %.0f\n", prev, $3 - at; sum += $3 - at; n++ }
    prev = $2; at = $3 }
  END { if (n) printf "  per read: %.0f (mean of %d)\n", sum / n, n }' "$work/arm.counts"

echo "x86-64 (valgrind callgrind, Ir):"
# (the CLI exits 1 when an image has no valid reading, as the blank one has not)
ir() { { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$x86" read "$@" 2>&1 >/dev/null || true; } |
         sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -n 1; }  # the last: the CLI's own (a forked child reports first)
base=$(ir "$blank")
all=$(ir "${frames[@]}" "$blank")
echo "  blank alone: $base; frames and blank: $all"
echo "  per read: $(( (all - base) / ${#frames[@]} )) (mean of ${#frames[@]})"
