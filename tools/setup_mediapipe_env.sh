#!/usr/bin/env bash
# One-command set-up of the MediaPipe Pose env ./.venv-mediapipe (run by
# `make mediapipe-setup`), used by mmclimb.frontends.MediaPipeFrontend and
# `tools/video_to_climbalong.py --detector mediapipe`.
#
# It is separate from ./.venv because mediapipe 0.10.21 needs numpy<2 and
# protobuf<5. requirements/mediapipe.txt pins its whole closure, installed
# with --no-deps (mediapipe's declared jax, jaxlib, sentencepiece, sounddevice
# and opencv-contrib-python are never imported by mediapipe.solutions.pose).
# A fingerprint of that file and this script is kept in the env: a second run
# with nothing changed only runs the health check and returns in seconds.
#
# Environment:
#   PYTHON          interpreter used to create the env (default: python3;
#                   mediapipe 0.10.21 has wheels for Python 3.9 to 3.12)
#   MEDIAPIPE_VENV  env directory (default: .venv-mediapipe)
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${MEDIAPIPE_VENV:-.venv-mediapipe}
REQ=requirements/mediapipe.txt
VPY="$VENV/bin/python"
STAMP="$VENV/.mmclimb-mediapipe-setup"

say() { printf '[mediapipe-setup] %s\n' "$*"; }
die() { printf '[mediapipe-setup] ERROR: %s\n' "$*" >&2; exit 1; }

[ -f "$REQ" ] || die "$REQ is missing"
WANT=$(sed -n 's/^mediapipe==//p' "$REQ")
[ -n "$WANT" ] || die "$REQ pins no mediapipe==VERSION"

# Fingerprint of everything that decides what the env must hold.
fingerprint() {
    cat "$REQ" tools/setup_mediapipe_env.sh | "$VPY" -c \
        'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'
}

# The health check: the pinned mediapipe imports on numpy 1, its wheel holds
# the two models of model_complexity=1, and the pose solution builds its graph
# from them (the lite and heavy models would be downloaded; these never are).
HEALTH='
import pathlib, sys
import numpy, mediapipe as mp
want = sys.argv[1]
if mp.__version__ != want:
    sys.exit(f"mediapipe {mp.__version__} is installed, {want} is pinned")
if int(numpy.__version__.split(".")[0]) >= 2:
    sys.exit(f"numpy {numpy.__version__}: mediapipe needs numpy<2")
modules = pathlib.Path(mp.__file__).parent / "modules"
for name in ("pose_detection/pose_detection.tflite",
             "pose_landmark/pose_landmark_full.tflite"):
    if not (modules / name).is_file():
        sys.exit(f"the mediapipe package lacks {modules / name}")
mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1).close()
print(f"mediapipe {mp.__version__}, numpy {numpy.__version__}, "
      f"{pathlib.Path(name).name} in the package")
'
# Runs the health check; its report or its error goes to $HEALTH_LOG.
HEALTH_LOG="$VENV/.mmclimb-mediapipe-health.log"
healthy() { "$VPY" -c "$HEALTH" "$WANT" >"$HEALTH_LOG" 2>&1 && [ -s "$HEALTH_LOG" ]; }
health_line() { tail -n 1 "$HEALTH_LOG"; }

# --- 0. the env ----------------------------------------------------------------
if [ ! -x "$VPY" ]; then
    command -v "$PYTHON" >/dev/null || die "no '$PYTHON' on PATH (set PYTHON=...)"
    "$PYTHON" -c 'import sys; sys.exit(not (3, 9) <= sys.version_info[:2] <= (3, 12))' \
        || die "$("$PYTHON" --version 2>&1): mediapipe $WANT has wheels for Python 3.9 to 3.12 (set PYTHON=...)"
    say "creating $VENV with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV" || die "could not create $VENV with $PYTHON"
fi

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(fingerprint)" ] && healthy; then
    say "$VENV is up to date ($(health_line))"
    exit 0
fi
rm -f "$STAMP"

# --- 1. the pinned closure, without the declared dependencies -----------------
say "installing mediapipe $WANT and its import needs into $VENV ($REQ, --no-deps)"
"$VPY" -m pip install --disable-pip-version-check -q --no-deps -r "$REQ" \
    || die "pip could not install $REQ into $VENV (see the error above)"

# --- 2. check and remember ------------------------------------------------------
say "checking: import mediapipe, its full pose models, mp.solutions.pose.Pose(model_complexity=1)"
if ! healthy; then
    cat "$HEALTH_LOG" >&2
    die "$VENV does not run MediaPipe Pose (see the error above); remove $VENV and run make mediapipe-setup again"
fi
fingerprint > "$STAMP"
say "done: $(health_line) in $VENV ($(du -sh "$VENV" | cut -f1))"
