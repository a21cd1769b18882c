#!/usr/bin/env bash
# The demo behind `make demo`: generate the synthetic demo dataset if absent,
# train DeciWatch (configs/deciwatch_climb.py) on it, test the best
# checkpoint and the Identity baseline on the test split, print the
# comparison and say where everything was written.
#
# Environment: VENV (default .venv), DEMO_DATA (default data/synthetic_climb),
# DEMO_DIR (default work_dirs/demo), DEMO_EPOCHS (default: the config's).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
DATA=${DEMO_DATA:-data/synthetic_climb}
OUT=${DEMO_DIR:-work_dirs/demo}
CONFIG=configs/deciwatch_climb.py
say() { printf '\n[demo] %s\n' "$*"; }

data_options() {
    local split
    for split in train val test; do
        printf '%s ' "${split}_dataloader.dataset.data_root=$DATA"
    done
}

if [ -f "$DATA/splits.json" ]; then
    say "using the dataset in $DATA"
else
    say "generating the synthetic demo dataset in $DATA"
    "$PY" tools/dataset_converters/generate_synthetic_climb.py \
        --out "$DATA" --preset demo --overwrite
fi

EPOCHS=()
if [ -n "${DEMO_EPOCHS:-}" ]; then
    EPOCHS=("train_cfg.max_epochs=$DEMO_EPOCHS")
fi
say "training DeciWatch: $CONFIG -> $OUT/deciwatch_climb"
# shellcheck disable=SC2046
"$PY" tools/train.py "$CONFIG" --work-dir "$OUT/deciwatch_climb" \
    --cfg-options $(data_options) "${EPOCHS[@]}"

BEST=$(ls -t "$OUT"/deciwatch_climb/best_PCK@0.05_epoch_*.pth | head -n 1)
say "testing the best checkpoint $BEST"
# shellcheck disable=SC2046
"$PY" tools/test.py "$CONFIG" "$BEST" --work-dir "$OUT/deciwatch_climb" \
    --out "$OUT/deciwatch_test.json" --cfg-options $(data_options)

say "testing the Identity baseline (the raw detector)"
"$PY" tools/test.py configs/identity_climb.py --work-dir "$OUT/identity" \
    --out "$OUT/identity_test.json" \
    --cfg-options "test_dataloader.dataset.data_root=$DATA"

"$PY" tools/analysis/plot_training.py "$OUT/deciwatch_climb" \
    --out "$OUT/deciwatch_training_curves.png" >/dev/null

say "results on the test split of $DATA"
"$PY" tools/analysis/compare_results.py \
    "Identity (raw detector)=$OUT/identity_test.json" \
    "DeciWatch=$OUT/deciwatch_test.json"
cat <<MSG

[demo] checkpoint: $BEST
[demo] logs:       $OUT/deciwatch_climb/<timestamp>/<timestamp>.log
[demo] plot:       $OUT/deciwatch_training_curves.png
[demo] metrics:    $OUT/deciwatch_test.json, $OUT/identity_test.json
MSG
