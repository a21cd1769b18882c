# mmclimb: `make setup`, `make test`.
PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: setup mediapipe-setup test demo

## setup: create ./.venv with torch, mmengine, mmcv (compiled ops), mmdet,
##        mmpose and mmclimb (editable); seconds when already in place.
setup:
	@PYTHON=$(PYTHON) VENV=$(VENV) bash tools/setup_env.sh

## mediapipe-setup: create ./.venv-mediapipe with MediaPipe Pose (numpy<2, so
##        apart from ./.venv), for `--detector mediapipe`; seconds when in place.
mediapipe-setup:
	@PYTHON=$(PYTHON) bash tools/setup_mediapipe_env.sh

## test: set up both envs, then run the full test suite on CPU.
test: setup mediapipe-setup
	@$(VPY) -m pytest tests $(PYTEST_ARGS)

## demo: set up, generate the demo dataset if absent, train DeciWatch on it
##       (configs/deciwatch_climb.py), test it and the Identity baseline.
demo: setup
	@VENV=$(VENV) bash tools/demo.sh
