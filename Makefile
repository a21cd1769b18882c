# mmclimb: `make setup`, `make test`.
PYTHON ?= python3
VENV ?= .venv
VPY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: setup test

## setup: create ./.venv with torch, mmengine, mmcv (compiled ops), mmdet,
##        mmpose and mmclimb (editable); seconds when already in place.
setup:
	@PYTHON=$(PYTHON) VENV=$(VENV) bash tools/setup_env.sh

## test: set up, then run the full test suite on CPU.
test: setup
	@$(VPY) -m pytest tests $(PYTEST_ARGS)
