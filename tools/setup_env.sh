#!/usr/bin/env bash
# One-command set-up of the full mmclimb stack in ./.venv (run by `make setup`).
#
# Every step first checks whether its result is already in place, so a second
# run with everything installed finishes in seconds. The pins live in
# requirements/*.txt; this script only knows *how* each group must be installed.
#
# Environment:
#   PYTHON   interpreter used to create the venv (default: python3)
#   VENV     venv directory (default: .venv)
#   MAX_JOBS parallel compile jobs for the mmcv build (default: nproc)
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
REQ=requirements
VPY="$VENV/bin/python"
STAMP="$VENV/.mmclimb-setup"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
pip_install() { "$VPY" -m pip install --disable-pip-version-check -q "$@"; }
vpy_ok() { "$VPY" -c "$1" >/dev/null 2>&1; }
# The version pinned for a package in requirements/openmmlab.txt.
pin() { sed -n "s/^$1==//p" "$REQ/openmmlab.txt"; }

# Fingerprint of everything that decides what the venv must hold.
fingerprint() {
    # requirements/mediapipe.txt is the separate MediaPipe env's
    # (tools/setup_mediapipe_env.sh), not this venv's
    cat $(ls "$REQ"/*.txt | grep -v '/mediapipe.txt$') setup.py \
        tools/setup_env.sh | "$VPY" -c \
        'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'
}

stack_versions() {
    "$VPY" -c 'import torch, mmcv, mmpose
print(f"torch {torch.__version__}, mmcv {mmcv.__version__}, mmpose {mmpose.__version__}")'
}

# The end-to-end health check: the compiled mmcv ops, mmdet and mmpose.models
# (which imports both), mmclimb itself and the ONNX deployment stack.
HEALTH='import mmcv.ops, mmpose.models, mmclimb, onnx, onnxruntime'

# --- 0. the venv -------------------------------------------------------------
if [ ! -x "$VPY" ]; then
    command -v "$PYTHON" >/dev/null || die "no '$PYTHON' on PATH (set PYTHON=...)"
    say "creating $VENV with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV"
fi
"$VPY" -c 'import sys; sys.exit(sys.version_info < (3, 9))' \
    || die "$VENV uses $("$VPY" --version 2>&1); mmclimb needs Python >= 3.9"

# The embedded default data that every config trains on as written.
DEFAULT_DATA=data/synthetic_climb
ensure_default_data() {
    if [ -f "$DEFAULT_DATA/splits.json" ]; then
        return
    fi
    say "generating the default synthetic dataset in $DEFAULT_DATA (once)"
    "$VPY" tools/dataset_converters/generate_synthetic_climb.py \
        --out "$DEFAULT_DATA" --preset demo --overwrite
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(fingerprint)" ] && vpy_ok "$HEALTH"; then
    say "$VENV is up to date ($(stack_versions))"
    ensure_default_data
    exit 0
fi
rm -f "$STAMP"

# --- 1. torch: keep any importable torch 2.x ---------------------------------
if vpy_ok 'import torch, sys; sys.exit(not torch.__version__.startswith("2."))'; then
    say "keeping torch $("$VPY" -c 'import torch; print(torch.__version__)') found in $VENV"
else
    say "installing torch ($REQ/torch.txt)"
    pip_install -r "$REQ/torch.txt"
fi

# --- 2. build tools and runtime dependencies ---------------------------------
say "installing build tools ($REQ/build.txt) and runtime needs ($REQ/runtime.txt)"
pip_install -r "$REQ/build.txt" -r "$REQ/runtime.txt" -r "$REQ/tests.txt"

# --- 3. mmcv with its compiled ops, built against this torch -----------------
MMCV=$(pin mmcv)
if vpy_ok "import mmcv, mmcv._ext, sys; sys.exit(mmcv.__version__ != '$MMCV')"; then
    say "mmcv $MMCV with compiled ops already installed"
else
    say "building mmcv $MMCV with its compiled ops from source against torch"
    say "  this takes about 9 minutes on 2 cores the first time (pip caches the wheel)"
    MMCV_WITH_OPS=1 MAX_JOBS=${MAX_JOBS:-$(nproc)} \
        pip_install --no-build-isolation "mmcv==$MMCV"
    vpy_ok 'import mmcv._ext' || die "mmcv $MMCV installed but its compiled ops do not import"
fi

# --- 4. mmdet and mmpose without their declared dependencies -----------------
for pkg in mmdet mmpose; do
    want=$(pin $pkg)
    if vpy_ok "import importlib.metadata as m, sys; sys.exit(m.version('$pkg') != '$want')"; then
        say "$pkg $want already installed"
    else
        say "installing $pkg $want (--no-deps; runtime needs come from $REQ/runtime.txt)"
        pip_install --no-deps "$pkg==$want"
    fi
done

# --- 5. xtcocotools rebuilt against the venv's numpy -------------------------
if vpy_ok 'import xtcocotools._mask'; then
    say "xtcocotools imports against numpy $("$VPY" -c 'import numpy; print(numpy.__version__)')"
else
    say "building xtcocotools from source against the venv's numpy"
    pip_install --no-build-isolation --no-deps --force-reinstall -r "$REQ/xtcocotools.txt"
fi

# --- 6. mmclimb itself, editable ----------------------------------------------
say "installing mmclimb in editable mode"
pip_install --no-build-isolation --no-deps -e .

# --- 7. check and remember ----------------------------------------------------
say "checking the stack: $HEALTH"
"$VPY" -c "$HEALTH" || die "the installed stack does not import (see the error above)"
fingerprint > "$STAMP"
ensure_default_data
say "done: $(stack_versions) in $VENV"
