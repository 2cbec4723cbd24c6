#!/usr/bin/env bash
# Create .venv and install the coach (and, with "test", the test tools).
# llama-cpp-python compiles from source; these flags avoid a CPU feature the
# native build picks up on some machines and then crashes on.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
fi
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}"
target="."
[ -n "$extra" ] && target=".[$extra]"
echo "setting up .venv (the first run compiles llama-cpp-python, about 6 minutes)…" >&2
# setuptools advises, on every editable install of a flat layout, that folders named like
# the package take precedence on import: that is the point here, so that one note is muted
PYTHONWARNINGS="ignore:Editable installation" \
  .venv/bin/pip install --quiet --disable-pip-version-check -e "$target"
