#!/usr/bin/env bash
# Train with NPROC processes per node through torchrun.
#   bash tools/dist_train.sh CONFIG NPROC [train.py args...]
# Multi-node: NNODES, NODE_RANK, MASTER_ADDR and PORT (defaults 1, 0,
# 127.0.0.1, 29500). Without CUDA the processes talk over gloo.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: bash $0 CONFIG NPROC [train.py args...]" >&2
    exit 2
fi
CONFIG=$1
NPROC=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools/venv_python.sh
source "$HERE/venv_python.sh"
PYTHONPATH="$HERE/..${PYTHONPATH:+:$PYTHONPATH}" \
exec "$PY" -m torch.distributed.run \
    --nnodes="${NNODES:-1}" \
    --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" \
    --master_port="${PORT:-29500}" \
    --nproc_per_node="$NPROC" \
    "$HERE/train.py" "$CONFIG" --launcher pytorch "$@"
