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
# A new virtualenv's first graph build compiles the provider SDK modules the program uses
# (bytecode and class bodies beside it: ~30 s of CPU). Done once here, on the core mypy leaves
# idle, instead of by both test workers at once; a few seconds when already done.
warm_log=$(mktemp)
.venv/bin/indexplan compare --no-cache >/dev/null 2>"$warm_log" &
warm=$!
trap '[ -z "$warm" ] || kill "$warm" 2>/dev/null; rm -f "$warm_log"' EXIT
.venv/bin/mypy
wait "$warm" || { echo "scripts/test.sh: warming the SDK modules failed:"; cat "$warm_log"; } >&2
warm=
# worksteal: each worker starts on its own half of the tests (one directory's session fixtures
# are built by one worker) and takes over the other's queue when it runs out.
.venv/bin/python -m pytest -n auto --dist worksteal "$@"
