#!/usr/bin/env bash
# DeciWatch general: 2-epoch screening of window, sampling, normalisation and
# loss (README "Choices, measured"); one work dir and log per variant under
# work_dirs/screening/, the last validation line of each printed.
set -e
cd "$(dirname "$0")/../.."
mkdir -p work_dirs/screening
run() {  # NAME T INTERVAL CENTRING ACCEL
  local seq="train_dataloader.dataset.seq_len=$2 val_dataloader.dataset.seq_len=$2 test_dataloader.dataset.seq_len=$2"
  local c=$4; [ "$c" = none ] && c=None
  .venv/bin/python tools/train.py configs/general/deciwatch_general.py --work-dir work_dirs/screening/$1 \
    --cfg-options train_cfg.max_epochs=2 $seq model.head.seq_len=$2 model.head.sample_interval=$3 \
    model.head.input_centring=$c model.head.w_accel=$5 > work_dirs/screening/$1.log 2>&1
  echo "$1: $(grep 'Epoch(val) \[2\]' work_dirs/screening/$1.log | grep -o 'PCK_px@0.[0-9]*: [0-9.]*\|MPJPE_px: [0-9.]*' | tr '\n' ' ')"
}
run T5_n4_box_a0 5 4 none 0.0
run T13_n1_box_a2 13 1 none 2.0
run T13_n2_c50_a2 13 2 50.0 2.0
run T13_n1_c50_a0 13 1 50.0 0.0
run T13_n1_c50_a2 13 1 50.0 2.0
run T13_n1_c50_a5 13 1 50.0 5.0
