#!/usr/bin/env bash
# Sets up .venv from uv.lock (if needed) and runs lint, format check, type check and the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    # uv makes the virtualenv (pip seeded, for the README's later `.venv/bin/pip` steps) in under
    # a second of CPU; `python3 -m venv` spends ~9 s of CPU byte-compiling the pip it bundles.
    if command -v uv >/dev/null; then
        uv venv -q --seed --python python3 .venv
    else
        python3 -m venv .venv
    fi
fi
uv=.venv/bin/uv
if [ ! -x "$uv" ]; then
    if command -v uv >/dev/null; then uv=uv; else .venv/bin/python -m pip install -q uv; fi
fi
# --locked: if pyproject.toml and uv.lock disagree this stops here, naming the fix (`uv lock`),
# instead of testing whatever a fresh resolution would pick.
# The provider SDKs (~100 MB of wheels: a few seconds of download and unpacking on a new
# machine) are installed last, while mypy, which does not follow them (pyproject.toml), and the
# compile-ahead, which imports no SDK (tests/architecture/test_test_modules.py), already run.
sdks=(pulumi-aws pulumi-gcp pulumi-fastly pulumi-cloudflare pulumi-datadog pulumi-ec pulumi-random)
"$uv" sync -q --locked --inexact --extra test "${sdks[@]/#/--no-install-package=}"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# A new virtualenv's first graph build compiles the provider SDK modules the program uses
# (bytecode and class bodies beside it: ~10 s of CPU). Done once here, beside mypy, instead of
# by both test workers at once; a few seconds when already done. mypy (one core, ~20 s) goes on
# beside the tests if it is not done by then, so no core waits for the other; its report is
# printed after theirs, and either failing fails the script.
mypy_log=$(mktemp)
warm_log=$(mktemp)
warm= mypy= compiling=
trap 'for job in $warm $mypy $compiling; do kill "$job" 2>/dev/null; done; rm -f "$mypy_log" "$warm_log"' EXIT
.venv/bin/mypy >"$mypy_log" 2>&1 &
mypy=$!
# Likewise for what both test workers would otherwise compile at once (tests/compile_ahead.py).
# Not niced: the tests wait for it and for the warm-up (~15 + ~10 s of CPU), not for mypy (~20
# s); niced, it ran alone on one core for the last seconds after mypy had ended, the other idle.
.venv/bin/python tests/compile_ahead.py &
compiling=$!
"$uv" sync -q --locked --inexact --extra test  # the SDKs, for the warm-up and the tests
.venv/bin/indexplan compare --no-cache >/dev/null 2>"$warm_log" &
warm=$!
wait "$warm" || { echo "scripts/test.sh: warming the SDK modules failed:"; cat "$warm_log"; } >&2
warm=
wait "$compiling" || true
compiling=
# worksteal: each worker starts on its own half of the tests (one directory's session fixtures
# are built by one worker) and takes over the other's queue when it runs out.
status=0
.venv/bin/python -m pytest -n auto --dist worksteal "$@" || status=$?
wait "$mypy" || status=$?
mypy=
cat "$mypy_log"
exit "$status"
