#!/usr/bin/env bash
# Sets up .venv from uv.lock (if needed) and runs lint, format check, type check and the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
uv=.venv/bin/uv
if [ ! -x "$uv" ]; then
    if command -v uv >/dev/null; then uv=uv; else .venv/bin/python -m pip install -q uv; fi
fi
# --locked: if pyproject.toml and uv.lock disagree this stops here, naming the fix (`uv lock`),
# instead of testing whatever a fresh resolution would pick.
"$uv" sync -q --locked --inexact --extra test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -n auto "$@"
