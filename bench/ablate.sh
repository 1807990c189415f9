#!/bin/sh
# The reading-policy ablation of docs/reading-policy.md: each configuration
# (a comma-separated list of rule names, or "base") is read on the development
# sets with the build's frames worker, single-threaded, and summarised by
# bench/ablate_summary.py. The rule switches (DOCINTAKE_ABLATE) existed only in
# the study's commits (branch ablate, before the rules were removed).
#   BIN=build-abl/bin/docintake-bench DATA=/work/bench-data OUT=/tmp/ablate \
#     bench/ablate.sh "camera hard nodoc" base open_top round_weigh ...
set -eu
BIN=${BIN:-build-abl/bin/docintake-bench}
DATA=${DATA:-/work/bench-data}
OUT=${OUT:-/tmp/ablate}
SETS=$1
shift
mkdir -p "$OUT"
for cfg in "$@"; do
  for set in $SETS; do
    case $set in
      camera) dir=$DATA/camera-100000-n300 ;;
      hard) dir=$DATA/hard-200000-n100 ;;
      nodoc) dir=$DATA/nodoc-300000-n50 ;;
      lowres-*) dir=$DATA/$set ;;
      seq) dir=$DATA/sequences-400000-n100x6 ;;
      *) echo "unknown set $set" >&2; exit 2 ;;
    esac
    ablate=$cfg
    [ "$cfg" = base ] && ablate=
    if [ "$set" = seq ]; then
      DOCINTAKE_ABLATE=$ablate OMP_THREAD_LIMIT=1 nice -n 5 "$BIN" --worker scanner --dir "$dir" --model mrz \
        > "$OUT/$cfg.$set.json" 2> "$OUT/$cfg.$set.err" || true
    else
      DOCINTAKE_ABLATE=$ablate OMP_THREAD_LIMIT=1 nice -n 5 "$BIN" --worker frames --synthetic --dir "$dir" --model mrz \
        --details "$OUT/$cfg.$set.jsonl" > "$OUT/$cfg.$set.json" 2> "$OUT/$cfg.$set.err" || true
    fi
  done
done
