"""Run by scripts/test.sh beside mypy and the SDK warm-up, before the test workers start: leaves
behind what both workers would otherwise make at the same time, each for itself, on a new
checkout and virtualenv. That is the bytecode of the test modules (pytest's rewritten form),
of what they import, and of the libraries tests load on first use (charts, bills, logs),
matplotlib's font list and Hypothesis's table of the characters UTF-8 encodes. Nothing is
tested here and nothing is printed; a failure is left for the tests themselves to report."""

from __future__ import annotations

import contextlib
import io
import os
import sys


def main() -> None:
    import pytest

    pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider"])

    import duckdb  # noqa: F401
    import jsonschema  # noqa: F401
    import matplotlib
    import numpy  # noqa: F401
    import sqlglot.dialects.bigquery
    import sqlglot.dialects.duckdb  # noqa: F401
    from PIL import Image  # noqa: F401

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    axes.bar(["a"], [1.0])
    for kind in ("png", "svg"):
        figure.savefig(io.BytesIO(), format=kind)
    plt.close(figure)

    # Hypothesis works out which characters UTF-8 encodes (every code point tried: ~2.5 s of
    # CPU) the first time a text strategy draws, and keeps it in .hypothesis/unicode_data;
    # on a new checkout each worker running a fuzzer did it for itself.
    import hypothesis.strategies

    hypothesis.strategies.text().example()


if __name__ == "__main__":
    # As under `python -m pytest`: the checkout, not tests/, first on the path.
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # Quiet, matplotlib's "building the font cache" line included.
    quiet = contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO())
    with quiet[0], quiet[1], contextlib.suppress(Exception):
        main()
    sys.stdout.flush()
    os._exit(0)
