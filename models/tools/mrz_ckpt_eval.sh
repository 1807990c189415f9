#!/usr/bin/env bash
# mrz_ckpt_eval.sh CHECKPOINT NAME [LINES]: converts a training checkpoint to an integer model in
# models/work/ckeval/NAME and scores it (PSM 13) on the first LINES (default 200) lines of every
# held-out set that exists (old clean/heavy/mixed, the print-style sets). lstmtraining's own
# background evaluation prints nothing, so this is how fine-tuning is watched.
set -euo pipefail
export OMP_THREAD_LIMIT=1
HERE="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-$HERE/work}"
ckpt=$1 name=$2 lines=${3:-200}
out="$WORK/ckeval/$name"
mkdir -p "$out"
lstmtraining --stop_training --convert_to_int --continue_from "$ckpt" \
  --traineddata "$WORK/starter/mrz/mrz.traineddata" --model_output "$out/mrz.traineddata" >/dev/null 2>&1
for set in clean heavy mixed style-laser style-inkjet style-dyesub style-engraved; do
  list="$WORK/eval/$set/list.txt"
  [[ -f "$list" ]] || continue
  head -"$lines" "$list" >"$out/$set.list"
  printf '%-15s %-14s ' "$name" "$set"
  nice "$WORK/build/mrz_eval" --tessdata "$out" --lang mrz --psm 13 --no-invert "$out/$set.list"
done
