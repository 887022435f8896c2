"""Time and memory of the worst hostile inputs (issue 16), and of pricing large previews.

Not a test: it never fails a build. Each figure is a fresh `indexplan` process with its wall
time, its CPU time (user + system, which another engineer's load on the machine inflates less)
and its peak resident memory, as `os.wait4` reports them for the child. Floors measured in the
same run put the figures in proportion: the CLI's start-up (`indexplan scenarios -f json`),
and for each preview Python's own `json.load` of the same file.

    .venv/bin/python benchmarks/hostile.py                   # everything (a few minutes)
    .venv/bin/python benchmarks/hostile.py --sizes 1000 10000 # smaller previews only
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
from hostile_files import alias_bomb, deep_json, deep_yaml, write_big_preview  # noqa: E402

from costmodel.files.userfile import MAX_BYTES, MAX_YAML_BYTES  # noqa: E402

TARGET_SECONDS = 10.0  # 10^5 resources
TARGET_BYTES = 10**9
MB = 10**6


@dataclass(frozen=True)
class Figure:
    what: str
    command: str
    wall: float
    cpu: float
    peak: int  # bytes
    code: int
    line: str  # the first line of stderr, if any


def measure(what: str, args: list[str], shown: str, code: Path | None = None) -> Figure:
    """`args` as a child; `code`: a checkout whose indexplan runs instead of this one."""
    started = time.perf_counter()
    env = _env() if code is None else {**_env(), "PYTHONPATH": str(code)}
    child = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=code or ROOT, env=env
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    assert child.stderr is not None
    err = child.stderr.read().decode("utf-8", "replace")
    return Figure(
        what,
        shown,
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss * 1024,
        os.waitstatus_to_exitcode(status),
        (err.splitlines() or [""])[0][:90],
    )


def _env() -> dict[str, str]:
    # bytecode cached as for an installed package: without it every child compiles every module
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "INDEXPLAN_CACHE_DIR": tempfile.mkdtemp(prefix="hostile-bench-")}


def indexplan(*args: object) -> list[str]:
    script = Path(sys.executable).with_name("indexplan")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "indexplan"]
    return head + [str(a) for a in args]


def hostile_cases(work: Path) -> list[tuple[str, Callable[[], list[str]], str]]:
    """(what, how to run it once its file exists, the command as shown)."""
    preview = ROOT / "tests" / "fixtures" / "pulumi" / "pypi-2021.preview.json"
    stack = (ROOT / "stacks" / "Pulumi.pypi-2021.yaml").read_text()

    def write(name: str, text: str) -> Path:
        path = work / name
        path.write_text(text)
        return path

    def bomb_scenario() -> list[str]:
        path = write("bomb.yaml", "traffic: {egress: 1 TB}\n" + alias_bomb(9))
        return indexplan("estimate", "--from-preview", preview, "-s", path)

    def bomb_stack() -> list[str]:
        return indexplan("check", write("Pulumi.bomb.yaml", stack + alias_bomb(9)))

    def deep_preview() -> list[str]:
        path = write("deep.json", '{"steps": ' + deep_json(100_000) + "}")
        return indexplan("estimate", "--from-preview", path, "-s", "pypi-2021")

    def deep_scenario() -> list[str]:
        path = write("deep.yaml", deep_yaml(999))
        return indexplan("estimate", "--from-preview", preview, "-s", path)

    def wide(size: int) -> Callable[[], list[str]]:
        """A YAML scenario of `size` bytes less a little, one key a line, the first key again
        last: nothing is wrong with it until its end."""

        def build() -> list[str]:
            lines, total, i = [], 0, 0
            while total < size - 40:
                lines.append(f"k{i}: {i}")
                total, i = total + len(lines[-1]) + 1, i + 1
            path = write(f"wide-{size}.yaml", "\n".join([*lines, "k0: again"]) + "\n")
            return indexplan("estimate", "--from-preview", preview, "-s", path)

        return build

    def fifo() -> list[str]:
        path = work / "fifo.yaml"
        os.mkfifo(path)
        return indexplan("estimate", "--from-preview", preview, "-s", path)

    return [
        ("YAML alias bomb (9^9 strings) as a scenario", bomb_scenario, "estimate -s bomb.yaml"),
        ("the same bomb in a stack file", bomb_stack, "check Pulumi.bomb.yaml"),
        ("JSON nested 100,000 deep as a preview", deep_preview, "estimate --from-preview deep"),
        ("YAML nested 999 deep as a scenario", deep_scenario, "estimate -s deep.yaml"),
        ("2 MB YAML (its bound), 138,887 keys, one twice", wide(MAX_YAML_BYTES), "-s wide.yaml"),
        ("10 MB YAML, 638,887 keys, one twice", wide(MAX_BYTES), "-s wide.yaml"),
        ("a FIFO with no writer as a scenario", fifo, "estimate -s fifo.yaml"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="a checkout of earlier code (`git archive main | tar -x -C DIR`): each preview is "
        "also priced by it, just before, for a same-run ratio",
    )
    options = parser.parse_args()
    print(
        f"{time.strftime('%Y-%m-%d')}; {os.cpu_count()} CPUs; Python {platform.python_version()};"
        f" load average {os.getloadavg()[0]:.1f}\n"
    )
    floor = measure("start-up floor", indexplan("scenarios", "-f", "json"), "scenarios -f json")
    rows = [floor]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for what, build, shown in hostile_cases(work):
            rows.append(measure(what, build(), shown))
        for size in options.sizes:
            path = write_big_preview(work / f"preview-{size}.json", size)
            parse = [sys.executable, "-c", f"import json; json.load(open({str(path)!r}))"]
            rows.append(measure(f"json.load floor, {size:,}", parse, "python: json.load"))
            args = ("estimate", "--from-preview", path, "-s", "pypi-2021", "-f", "json")
            shown = f"estimate --from-preview ({path.stat().st_size / MB:.0f} MB) -f json"
            if options.before:
                module = [sys.executable, "-m", "indexplan", *map(str, args)]
                rows.append(measure(f"before: {size:,}", module, shown, options.before.resolve()))
            rows.append(measure(f"preview of {size:,} resources", indexplan(*args), shown))
    print("| what | command | exit | wall | CPU | CPU / floor | peak memory | first stderr line |")
    print("|---|---|---|---|---|---|---|---|")
    base = floor.cpu
    for row in rows:
        if row.what.startswith("json.load floor"):
            base = row.cpu
        ratio = row.cpu / base if base else float("nan")
        print(
            f"| {row.what} | `{row.command}` | {row.code} | {row.wall:.2f} s | {row.cpu:.2f} s | "
            f"{ratio:.1f} | {row.peak / MB:.0f} MB | {row.line} |"
        )
        if row.what.startswith("preview of 100,000"):
            verdicts = [
                f"{label} {'PASS' if seconds <= TARGET_SECONDS else 'MISS'}"
                for label, seconds in (("wall", row.wall), ("CPU", row.cpu))
            ]
            memory = "PASS" if row.peak <= TARGET_BYTES else "MISS"
            print(
                f"\n10^5 resources, target <= {TARGET_SECONDS:g} s and <= 1 GB: "
                f"{', '.join(verdicts)}, memory {memory}\n"
            )


if __name__ == "__main__":
    main()
