# Sourced by the launchers: PY is the project's interpreter,
# ${VENV:-<repo>/.venv}/bin/python (the venv `make setup` builds), never
# whatever `python` is first on PATH.
PY="${VENV:-$HERE/../.venv}/bin/python"
if [ ! -x "$PY" ]; then
    echo "error: $PY does not exist; run 'make setup' (or set VENV to the" \
         "project's virtual environment)" >&2
    exit 2
fi
