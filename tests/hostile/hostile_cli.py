"""Running the CLI for the hostile corpus two ways: in this process (fast; most cases), and as
a child process with a wall-clock timeout and an address-space limit (RLIMIT_AS), where the
point is that the work is bounded (alias bombs, deep nesting, huge previews) or the process
boundary matters (a full or closed stdout). The contract in both: exit 0 with sane output, or
exit 2 with one line on stderr and nothing on stdout; never a traceback, never exit 70."""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexplan.cli import main
from indexplan.paths import ROOT

PREVIEW = ROOT / "tests" / "fixtures" / "pulumi" / "pypi-2021.preview.json"
EXPORT = ROOT / "tests" / "fixtures" / "pulumi" / "pypi-2021.export.json"
# Every child gets this much address space: the target for 10^5 resources is 1 GB.
MEMORY_LIMIT = 1 << 30
TIMEOUT = 120  # seconds; a bounded case takes a few, a runaway one would take minutes


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def refused(self, *fragments: str) -> str:
        """Assert the bad-input contract and each fragment in the line; the line."""
        assert (self.code, self.out) == (2, ""), (self.code, self.err, self.out[:500])
        assert self.err.endswith("\n") and self.err.count("\n") == 1, self.err
        assert "Traceback" not in self.err and "internal error" not in self.err
        for fragment in fragments:
            assert fragment in self.err, self.err
        return self.err.rstrip("\n")

    def ok(self) -> str:
        assert self.code == 0, self.err
        return self.out

    def kept_contract(self) -> None:
        assert "Traceback" not in self.err and "internal error" not in self.err, self.err
        assert self.code in (0, 2), (self.code, self.err)
        if self.code == 2:
            self.refused()


def cli(*args: object) -> Run:
    """The CLI in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def child(*args: object, stdout: int | None = subprocess.PIPE, timeout: float = TIMEOUT) -> Run:
    """The CLI as a child process under MEMORY_LIMIT and `timeout` (TimeoutExpired fails the
    test: unbounded work)."""
    env = {**os.environ, "COLUMNS": "80"}
    result = subprocess.run(
        [sys.executable, "-m", "indexplan", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
        preexec_fn=_limited,
        env=env,
        cwd=ROOT,
        check=False,
    )
    out = result.stdout.decode("utf-8", "replace") if result.stdout is not None else ""
    return Run(result.returncode, out, result.stderr.decode("utf-8", "replace"))


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogateescape")
    path.write_bytes(content)
    return path


def stack_text(extra: str = "") -> str:
    """The shipped pypi-2021 stack file with `extra` lines added under `config:`."""
    text = (ROOT / "stacks" / "Pulumi.pypi-2021.yaml").read_text()
    return text.replace("config:\n", f"config:\n{extra}", 1)


@contextlib.contextmanager
def bounded(seconds: int = 60) -> Iterator[None]:
    """Fails (TimeoutError) instead of hanging when the body runs longer than `seconds`."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: unbounded work")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_sane(run: Run) -> None:
    """The contract, and when a JSON report was printed: only finite numbers, no raw control
    characters, and no negative money."""
    run.kept_contract()
    if run.code != 0 or not run.out.startswith(("{", "[")):
        return

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the JSON output")

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, int | float) and key.endswith("_usd") and key != "unit_price_usd":
            assert value >= 0 or key.startswith(("saving", "difference")), (key, value)

    walk(json.loads(run.out, parse_constant=refuse))
    assert not any(c in run.out for c in "\x1b\x07\x9b\u202e"), run.out[:200]
