#!/usr/bin/env bash
# Trains models/mrz.traineddata: a small Tesseract 5 LSTM for the MRZ alphabet (A-Z 0-9 <),
# from Debian's public-domain OCR-B font (fonts-ocr-b) with Tesseract's own training tools.
# CI never runs this; the trained model is committed. Everything goes to models/work/ (gitignored).
#
#   models/train.sh                 # all stages: tools data starter train finish eval
#   models/train.sh train           # one stage; stages: tools data starter train finish eval
#   ITERATIONS=60000 CHUNKS=400 JOBS=2 models/train.sh
#
# Print variety (issue #24): fine-tuning from the float model on a mix of print styles and fonts
#   models/train.sh tools fonts starter                 # fonts needs python3-fontforge (not in CI)
#   STYLE=mix VARIANTS=all FIRST_CHUNK=1000 CHUNKS=100 models/train.sh data   # new-style lines
#   CHUNKS=40 models/train.sh data                      # old-style lines again (so it does not forget)
#   FLOAT=models/work/mrz.float.lstm models/train.sh finetune finish evalstyles eval
#
# Stages
#   tools    build models/tools (mrz_augment, mrz_eval) with CMake into models/work/build
#   data     random MRZ text (tools/mrz_text.py) -> text2image pages (varied size, spacing,
#            resolution, text2image degradation) -> mrz_augment camera-like line crops stacked in
#            pages -> `tesseract PAGE lstm.train` -> .lstmf
#   starter  unicharset_extractor + combine_lang_model -> starter traineddata
#   train    lstmtraining from scratch (or continues from the checkpoint when one exists)
#   finish   checkpoint -> integer model models/mrz.traineddata (--stop_training --convert_to_int)
#   eval     held-out lines (other seeds, never used for training) scored with mrz_eval
#   testdata copies 8 clean + 8 heavy held-out lines to models/testdata for the ctest
#   fonts    variant OCR-B faces (tools/mrz_fonts.py, FontForge): bold, light, condensed,
#            expanded, rounded, bold-condensed, plus the package's own Sharp face
#   finetune lstmtraining from the float model FLOAT in stages of falling learning rate
#            (FT_STAGES "rate:iterations ..."), each stage from the last one's checkpoint
#   evalstyles held-out lines per print style (laser inkjet dyesub engraved), fonts varied
set -euo pipefail
export OMP_THREAD_LIMIT=1
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="${WORK:-$HERE/work}"
FONT_FILE="${FONT_FILE:-/usr/share/fonts/opentype/ocr-b/OCRB.otf}"
CHUNKS="${CHUNKS:-300}"            # 50 text lines per chunk
JOBS="${JOBS:-2}"                  # chunks rendered side by side in the data stage
FIRST_CHUNK="${FIRST_CHUNK:-0}"    # to add more data later without repeating seeds
ITERATIONS="${ITERATIONS:-115100}"
# Input 24 px high, 2x2 pixel blocks stacked into depth (S2,2) before the first
# convolution: 40% of the early 36 px network's time per line (untrained networks of
# both shapes on the same 48 lines: 9.8 vs 24.4 ms median). Most of a call is
# Tesseract's bookkeeping of the 2-D layers, which grows with the pixels they see.
NET_SPEC="${NET_SPEC:-[1,24,0,1 S2,2 Ct3,3,24 Mp2,2 Lfys48 Lfx96 Lrx96 O1c###]}"
LEARNING_RATE="${LEARNING_RATE:-0.002}"
STYLE="${STYLE:-laser}"            # laser = the original recipe; mix = a print style per line
VARIANTS="${VARIANTS:-}"           # "all" or names of font folders under work/fontvariants
FLOAT="${FLOAT:-$WORK/mrz.float.lstm}"
FT_STAGES="${FT_STAGES:-0.001:8000 0.0005:8000 0.0002:8000}"
ALL_VARIANTS=(orig bold light condensed expanded rounded boldcondensed sharp)
EVAL_SEED=900000                   # held-out text and augmentation seeds start here
mkdir -p "$WORK"

stage_tools() {
  cmake -S "$HERE/tools" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$WORK/build" -j1
}

# Only the regular OCR-B face: the package also ships outline and inverted faces named "OCR B".
font_dir() {
  mkdir -p "$WORK/fonts"
  ln -sf "$FONT_FILE" "$WORK/fonts/OCRB.otf"
}

stage_fonts() {
  /usr/bin/python3 "$HERE/tools/mrz_fonts.py" --font "$FONT_FILE" --out "$WORK/fontvariants" 2>/dev/null
  mkdir -p "$WORK/fontvariants/orig" "$WORK/fontvariants/sharp"
  ln -sf "$FONT_FILE" "$WORK/fontvariants/orig/OCRB.otf"
  # The package's Sharp face: the same design from another master (family "OCR B" too).
  ln -sf "$(dirname "$FONT_FILE")/OCRBS.otf" "$WORK/fontvariants/sharp/OCRBS.otf"
  ls "$WORK/fontvariants"
}

# fonts_for SEED: the font folder for a chunk (the original OCRB.otf unless VARIANTS is set).
fonts_for() {
  local names=()
  if [[ -z "$VARIANTS" ]]; then echo "$WORK/fonts"; return; fi
  if [[ "$VARIANTS" == all ]]; then names=("${ALL_VARIANTS[@]}"); else read -ra names <<<"$VARIANTS"; fi
  echo "$WORK/fontvariants/${names[$1 % ${#names[@]}]}"
}

# render SEED TEXTFILE OUTBASE: one text2image page with parameters drawn from SEED.
render() {
  local seed=$1 text=$2 out=$3 fonts
  fonts=$(fonts_for "$seed")
  local pts=(10 11 12 12 13 14) spacing=(0 0 0 0.03 0.06 -0.03 0.1) res=(250 300 300 360)
  local degrade=false exposure=0
  if (( seed % 3 == 1 )); then degrade=true; exposure=$(( (seed / 3) % 4 - 1 )); fi
  text2image --text "$text" --outputbase "$out" --font "OCR B" --fonts_dir "$fonts" \
    --fontconfig_tmpdir "$fonts" --xsize 7200 --ysize 6400 --margin 60 --leading 40 \
    --ptsize "${pts[seed % 6]}" --char_spacing "${spacing[seed % 7]}" --resolution "${res[seed % 4]}" \
    --degrade_image=$degrade --exposure $exposure --rotate_image=$degrade \
    --strip_unrenderable_words=false >/dev/null 2>&1
}

# data_range FIRST LAST: renders, augments and packs chunks FIRST..LAST (skips finished ones).
data_range() {
  local i name
  for i in $(seq "$1" "$2"); do
    name=$(printf 'c%05d' "$i")
    [[ -f "$WORK/pages/${name}.done" ]] && continue
    python3 "$HERE/tools/mrz_text.py" --seed "$i" --count 50 >"$WORK/text/$name.txt"
    render "$i" "$WORK/text/$name.txt" "$WORK/render/$name"
    "$WORK/build/mrz_augment" --image "$WORK/render/$name.tif" --box "$WORK/render/$name.box" \
      --text "$WORK/text/$name.txt" --out "$WORK/pages/$name" --mode pages --seed "$i" \
      --style "$STYLE" --lines-per-page 25 2>/dev/null
    for page in "$WORK/pages/${name}"_p*.png; do
      tesseract "$page" "${page%.png}" --psm 6 lstm.train >/dev/null 2>&1
    done
    rm -f "$WORK/render/$name.tif"
    touch "$WORK/pages/${name}.done"
  done
}

stage_data() {
  font_dir
  mkdir -p "$WORK/text" "$WORK/render" "$WORK/pages"
  # JOBS ranges of chunks side by side (about 16 s per chunk on one core).
  local per=$(( (CHUNKS + JOBS - 1) / JOBS )) j first last
  for ((j = 0; j < JOBS; j++)); do
    first=$((FIRST_CHUNK + j * per))
    last=$((first + per - 1))
    (( last > FIRST_CHUNK + CHUNKS - 1 )) && last=$((FIRST_CHUNK + CHUNKS - 1))
    (( first <= last )) && data_range "$first" "$last" &
  done
  wait
  ls "$WORK"/pages/*.lstmf >"$WORK/train.list"
  echo "training pages: $(wc -l <"$WORK/train.list")"
}

stage_starter() {
  mkdir -p "$WORK/starter/mrz" "$WORK/langdata"
  # The alphabet is fixed, not whatever the random text happened to contain.
  printf 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789< \n' >"$WORK/langdata/alphabet.txt"
  cat "$WORK/langdata/alphabet.txt" "$WORK"/text/c0000*.txt >"$WORK/langdata/all.txt"
  unicharset_extractor --output_unicharset "$WORK/langdata/mrz.unicharset" --norm_mode 1 \
    "$WORK/langdata/all.txt" >/dev/null
  echo >"$WORK/langdata/radical-stroke.txt"  # required by combine_lang_model, unused for Latin
  combine_lang_model --input_unicharset "$WORK/langdata/mrz.unicharset" \
    --script_dir "$WORK/langdata" --lang mrz --output_dir "$WORK/starter" >/dev/null 2>&1
  ls "$WORK/starter/mrz/"
}

stage_train() {
  local starter="$WORK/starter/mrz/mrz.traineddata" size
  size=$(ls "$WORK"/starter/mrz/mrz.charset_size=*.txt | sed 's/.*charset_size=\([0-9]*\).txt/\1/')
  mkdir -p "$WORK/ckpt"
  local args=(--traineddata "$starter" --model_output "$WORK/ckpt/mrz" --train_listfile "$WORK/train.list"
    --max_iterations "$ITERATIONS" --target_error_rate 0.0001 --debug_interval 0)
  if [[ -f "$WORK/ckpt/mrz_checkpoint" ]]; then
    args+=(--continue_from "$WORK/ckpt/mrz_checkpoint")
  else
    args+=(--net_spec "${NET_SPEC//###/$size}" --learning_rate "$LEARNING_RATE")
  fi
  nice lstmtraining "${args[@]}" 2>&1 | tee -a "$WORK/train.log"
}

stage_finish() {
  local ckpt="${CHECKPOINT:-$WORK/ckpt/mrz_checkpoint}"
  lstmtraining --stop_training --convert_to_int --continue_from "$ckpt" \
    --traineddata "$WORK/starter/mrz/mrz.traineddata" --model_output "$HERE/mrz.traineddata"
  ls -l "$HERE/mrz.traineddata"
}

# make_eval NAME LEVEL COUNT [--no-stitch]: held-out lines, never rendered for training.
# STYLE and VARIANTS as for the data stage; EVAL_SEED picks the text seeds.
make_eval() {
  local name=$1 level=$2 count=$3 stitch=${4:-}
  local dir="$WORK/eval/$name" chunk
  [[ -f "$dir/list.txt" ]] && return
  mkdir -p "$dir"
  for chunk in $(seq 0 $((count / 50 - 1))); do
    local seed=$((EVAL_SEED + chunk)) base="$dir/c$chunk"
    python3 "$HERE/tools/mrz_text.py" --seed "$seed" --count 50 $stitch >"$base.txt"
    render "$((seed + ${#level}))" "$base.txt" "$base"
    "$WORK/build/mrz_augment" --image "$base.tif" --box "$base.box" --text "$base.txt" \
      --out "$base" --mode lines --level "$level" --seed "$((seed * 7 + ${#level}))" \
      --style "$STYLE" 2>/dev/null
    rm -f "$base.tif" "$base.box"
  done
  ls "$dir"/*.png >"$dir/list.txt"
}

stage_evaldata() {
  font_dir
  make_eval clean clean 500 --no-stitch
  make_eval heavy heavy 500 --no-stitch
  make_eval mixed mixed 500
}

# 200 held-out lines per print style, text seeds 910000+ (the old sets use 900000+), fonts
# cycling through every variant; level mixed without stitching.
stage_evalstyles() {
  local style i=0
  for style in laser inkjet dyesub engraved; do
    STYLE=$style VARIANTS=all EVAL_SEED=$((910000 + 100 * i)) make_eval "style-$style" mixed 200 --no-stitch &
    i=$((i + 1))
    (( i % 2 == 0 )) && wait
  done
  wait
}

# finetune: continue from the float model, one lstmtraining run per (rate:iterations) stage;
# lstmtraining restarts its iteration count when it continues from a file.
stage_finetune() {
  local starter="$WORK/starter/mrz/mrz.traineddata" from="$FLOAT" n=0 stage rate iters
  # Pages of finished chunks only (an interrupted chunk may have left a partial .lstmf).
  local done_chunk
  for done_chunk in "$WORK"/pages/*.done; do ls "${done_chunk%.done}"_p*.lstmf; done |
    shuf --random-source=<(yes) >"$WORK/ft.list"
  echo "fine-tuning pages: $(wc -l <"$WORK/ft.list")"
  mkdir -p "$WORK/ft"
  for stage in $FT_STAGES; do
    n=$((n + 1)); rate=${stage%%:*}; iters=${stage##*:}
    nice lstmtraining --traineddata "$starter" --continue_from "$from" --reset_learning_rate \
      --learning_rate "$rate" --model_output "$WORK/ft/s$n" --train_listfile "$WORK/ft.list" \
      --max_iterations "$iters" --target_error_rate 0.0001 --debug_interval 0 2>&1 |
      tee -a "$WORK/ft/s$n.log"
    from="$WORK/ft/s${n}_checkpoint"
  done
  echo "last checkpoint: $from"
}

stage_eval() {
  stage_evaldata
  local model_dir="${MODEL_DIR:-$HERE}" lang="${LANG_NAME:-mrz}"
  local set psm
  for set in clean heavy mixed; do
    for psm in 13 7; do
      printf '%-5s %-4s psm %-2s ' "$set" "$lang" "$psm"
      "$WORK/build/mrz_eval" --tessdata "$model_dir" --lang "$lang" --psm $psm --no-invert \
        --errors "$WORK/eval/$set/errors-$lang-$psm.txt" "$WORK/eval/$set/list.txt"
    done
    if [[ -z "${SKIP_ENG:-}" ]]; then
      printf '%-5s %-4s psm 7  ' "$set" eng
      "$WORK/build/mrz_eval" --lang eng --psm 7 --no-invert \
        --whitelist 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<' "$WORK/eval/$set/list.txt"
    fi
  done
}

# Eight held-out lines per level for tests/integration/model_accuracy_test.cpp (committed).
stage_testdata() {
  local set f n
  mkdir -p "$HERE/testdata"
  for set in clean heavy; do
    : >"$HERE/testdata/$set.txt"
    for f in $(head -8 "$WORK/eval/$set/list.txt"); do
      n="$set-$(basename "${f%.png}")"
      cp "$f" "$HERE/testdata/$n.png"
      cp "${f%.png}.gt.txt" "$HERE/testdata/$n.gt.txt"
      echo "$n" >>"$HERE/testdata/$set.txt"
    done
  done
}

stages=("$@")
[[ ${#stages[@]} -eq 0 ]] && stages=(tools data starter train finish eval)
for s in "${stages[@]}"; do
  echo "== $s ($(date -u +%H:%M:%S))"
  "stage_$s"
done
