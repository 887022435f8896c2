"""Measure the performance figures of issues 6 and 15 and print each with its target.

Not a test: it never fails a build (exit status 0 unless the script itself breaks). Each
figure is a fresh `indexplan` process, timed from start to exit, with the peak resident
memory the kernel reports for it (os.wait4). Command figures are paired with runs of
`indexplan --help` taken alternately in the same loop, so a figure is a ratio to the CLI's own
start-up that holds however busy the machine is: the ratio printed is the median of the
per-pair ratios. The graph cache lives in a temporary directory, so "cold" (`--no-cache`: the
Pulumi program runs) and "warm" (graph cache filled by one untimed run) mean exactly that.

    .venv/bin/python benchmarks/run.py              # the command figures (~3 min)
    .venv/bin/python benchmarks/run.py --fresh      # + README's two commands on fresh clones
    .venv/bin/python benchmarks/run.py --terraform  # + the Terraform peer figure
    .venv/bin/python benchmarks/run.py --scaling    # + sweep points and compare stacks
    .venv/bin/python benchmarks/run.py --tests      # + the test suite in this checkout
    .venv/bin/python benchmarks/run.py --all --repeat 7
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("all-aws", "all-gcp", "pypi-2016", "pypi-2021")
HELP = ["--help"]
ESTIMATE = ["estimate", "pypi-2021", "--scenario", "pypi-2021", "--format", "json"]
# The figures are over the 4 stacks shipped when it was filed; named, since the stack
# list has grown (issue 12's whole-index stacks) and a bare `compare` now prices all of them.
COMPARE = ["compare", *SHIPPED, "--scenario", "pypi-2026", "--format", "json"]
PROJECT = ["project", *SHIPPED, "--scenario", "pypi-2026", "--months", "120", "--format", "json"]
SWEEP = ["sweep", *SHIPPED, "--scenario", "pypi-2026", "--vary", "egress=1TB..20PB", "--log",
         "-f", "json"]  # fmt: skip
PEER = ["estimate", "all-aws", "--scenario", "pypi-2026", "--format", "json", "--no-cache"]
TERRAFORM_CONFIG = ROOT / "benchmarks" / "terraform" / "all-aws"
GB = 10**9


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system: what a busy machine inflates least
    peak_bytes: int
    ok: bool
    error: str = ""
    output: str = ""  # a failed command's whole stdout and stderr, to diagnose it from here


@dataclass(frozen=True)
class Figure:
    what: str
    command: str
    seconds: float
    peak_bytes: int
    cpu_seconds: float | None = None
    floor: float | None = None  # median seconds of what the figure is compared with
    ratio: float | None = None  # median of the paired ratios
    target_ratio: float | None = None
    target_seconds: float | None = None
    target_bytes: int | None = None
    error: str = ""
    output: str = ""
    # a lower bound on the ratio: the peer's plan must stay slower than our floor ("keep that
    # lead", issue 15), where every other ratio is an upper bound
    target_min_ratio: float | None = None

    @property
    def verdict(self) -> str:
        if self.error:
            return "MISS (failed)"
        checks = [
            (self.target_ratio, self.ratio),
            (self.target_seconds, self.seconds),
            (self.target_bytes, self.peak_bytes),
        ]
        checked = [(target, value) for target, value in checks if target is not None]
        if self.target_min_ratio is not None:  # as an upper bound on the ratio's negative
            checked.append((-self.target_min_ratio, None if self.ratio is None else -self.ratio))
        if not checked:
            return "-"
        return "PASS" if all(v is not None and v <= t for t, v in checked) else "MISS"

    @property
    def target(self) -> str:
        parts = []
        if self.target_min_ratio is not None:
            parts.append(f">= {self.target_min_ratio:g}x")
        if self.target_ratio is not None:
            parts.append(f"<= {self.target_ratio:g}x")
        if self.target_seconds is not None:
            parts.append(f"<= {self.target_seconds:g} s")
        if self.target_bytes is not None:
            parts.append(f"<= {self.target_bytes / GB:g} GB")
        return ", ".join(parts) or "-"


def indexplan_command() -> list[str]:
    """The `indexplan` script beside this Python (what a user runs), else `-m indexplan`."""
    script = Path(sys.executable).with_name("indexplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "indexplan"]


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path = ROOT) -> Run:
    with tempfile.TemporaryFile() as out:  # both streams: the test suite reports on stdout
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        output = out.read().decode(errors="replace").strip()
    ok = child.returncode == 0
    lines = output.splitlines()
    error = "" if ok else f"exit {child.returncode}: {lines[-1].strip() if lines else ''}"
    # ru_maxrss is in KiB on Linux, and covers the child's own waited-for children too
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, ok, error,
               "" if ok else output)  # fmt: skip


def measure(
    what: str,
    args: Sequence[str],
    env: dict[str, str],
    repeat: int,
    target_ratio: float | None = None,
    target_bytes: int | None = None,
    before: Sequence[str] | None = None,
    prepare: Callable[[], object] | None = None,
    floor: Sequence[str] = HELP,
) -> Figure:
    """`repeat` pairs of (floor, command) runs, alternating; `before` runs once first,
    untimed (it fills the graph cache), `prepare` before each timed command, untimed."""
    argv = [*indexplan_command(), *args]
    floor_argv = [*indexplan_command(), *floor]
    if before is not None:
        run_once([*indexplan_command(), *before], env)
    pairs = []
    for _ in range(repeat):
        base = run_once(floor_argv, env)
        if prepare is not None:
            prepare()
        pairs.append((base, run_once(argv, env)))
    return report(
        what, "indexplan " + " ".join(args), pairs, target_ratio, target_bytes=target_bytes
    )


def report(
    what: str,
    command: str,
    pairs: list[tuple[Run, Run]],
    target_ratio: float | None = None,
    target_seconds: float | None = None,
    target_bytes: int | None = None,
    target_min_ratio: float | None = None,
) -> Figure:
    failed = [run for pair in pairs for run in pair if not run.ok]
    figure = Figure(
        what,
        command,
        statistics.median(run.seconds for _, run in pairs),
        max(run.peak_bytes for _, run in pairs),
        statistics.median(run.cpu_seconds for _, run in pairs),
        statistics.median(base.seconds for base, _ in pairs),
        statistics.median(run.seconds / base.seconds for base, run in pairs),
        target_ratio,
        target_seconds,
        target_bytes,
        failed[0].error if failed else "",
        failed[0].output if failed else "",
        target_min_ratio,
    )
    print(row(figure), flush=True)
    return figure


def measure_help(env: dict[str, str], repeat: int) -> Figure:
    """`indexplan --help` itself, against the bare interpreter's start-up."""
    bare = [sys.executable, "-c", "pass"]
    pairs = [
        (run_once(bare, env), run_once([*indexplan_command(), *HELP], env)) for _ in range(repeat)
    ]
    return report("indexplan --help (floor: python -c pass)", "indexplan --help", pairs,
                  target_seconds=0.35)  # fmt: skip


def row(figure: Figure) -> str:
    cpu = f"{figure.cpu_seconds:6.2f} s" if figure.cpu_seconds is not None else " " * 8
    measured = f"{figure.seconds:7.2f} s {cpu} {figure.peak_bytes / 10**6:6.0f} MB"
    floor = f"{figure.floor:6.2f} s" if figure.floor is not None else " " * 8
    ratio = f"{figure.ratio:6.2f}x" if figure.ratio is not None else " " * 7
    line = f"{figure.what:<52} {measured} {floor} {ratio}  {figure.target:<18} {figure.verdict}"
    if not figure.error:
        return line
    # The whole output, not only its last line (a fresh clone's failure is gone with its
    # temporary directory once the bench ends); control characters shown, not sent to the
    # terminal (the hostile tests' names and files hold some).
    output = "".join(f"\n    | {visible(text)}" for text in figure.output.splitlines())
    error = visible(figure.error)
    return f"{line}\n    {error}\n    output of the failed command:{output or ' (none)'}"


def visible(text: str) -> str:
    return CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HEADER = (
    f"{'figure':<52} {'median':>9} {'cpu':>8} {'peak':>9} {'floor':>8} {'ratio':>7}  {'target':<18}"
)


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", load " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory / GB:.1f} GB memory{load}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def commands(env: dict[str, str], repeat: int) -> list[Figure]:
    fill = COMPARE  # run once before a "warm" figure: every shipped stack's graph cached
    return [
        measure_help(env, repeat),
        measure("estimate pypi-2021, cold (--no-cache)", [*ESTIMATE, "--no-cache"], env,
                repeat, target_ratio=2.5),
        measure("compare 4 stacks, cold", [*COMPARE, "--no-cache"], env, repeat,
                target_ratio=5),
        measure("project 120 months x 4 stacks, cold", [*PROJECT, "--no-cache"], env, repeat,
                target_ratio=6),
        measure("sweep 4 stacks x 1e6 points, cold", [*SWEEP, "--points", "1000000",
                "--no-cache"], env, repeat, target_ratio=6, target_bytes=GB),
        measure("estimate pypi-2021, warm (graph cache hit)", ESTIMATE, env, repeat,
                target_ratio=1.2, before=fill),
        measure("compare 4 stacks, warm", COMPARE, env, repeat, target_ratio=1.2, before=fill),
        measure("project 120 months x 4 stacks, warm", PROJECT, env, repeat, target_ratio=1.2,
                before=fill),
        measure("sweep 4 stacks x 1e6 points, warm", [*SWEEP, "--points", "1000000"], env,
                repeat, target_ratio=1.2, target_bytes=GB, before=fill),
        measure("sweep 4 stacks x 1e7 points, cold (memory)", [*SWEEP, "--points", "10000000",
                "--no-cache"], env, max(1, repeat // 3), target_bytes=GB),
    ]  # fmt: skip


def the_two_commands() -> tuple[str, str]:
    """The README's main-job and test commands, exactly as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    main_job, test = re.findall(r"```sh\n(.*?)\n```", section, re.S)[:2]
    return main_job, test


def fresh(temp: Path) -> list[Figure]:
    """README's two commands, each on its own new clone of HEAD with empty caches (uv, pip,
    the graph cache) and bytecode written as on a user's machine. Downloads are included."""
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                           text=True, check=False).stdout.strip()  # fmt: skip
    if dirty:
        print("    (uncommitted changes are not in the clones: they test HEAD)")
    figures = []
    main_job, test = the_two_commands()
    for what, command, target in (
        ("README main job, fresh clone (install + compare)", main_job, 60),
        ("README test command, fresh clone", test, 150),
    ):
        place = Path(tempfile.mkdtemp(prefix="fresh-", dir=temp))
        clone = place / "indexplan"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {**os.environ, "UV_CACHE_DIR": str(place / "uv-cache"), "PIP_NO_CACHE_DIR": "1",
               "INDEXPLAN_CACHE_DIR": str(place / "indexplan-cache"),
               "XDG_CACHE_HOME": str(place / "xdg-cache")}  # fmt: skip
        for name in ("PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"):
            env.pop(name, None)
        result = run_once(["bash", "-c", command], env, cwd=clone)
        figure = Figure(what, command, result.seconds, result.peak_bytes, result.cpu_seconds,
                        target_seconds=target, error=result.error,
                        output=result.output)  # fmt: skip
        print(row(figure), flush=True)
        print(f"    virtualenv: {venv_size(clone / '.venv') / 10**6:,.0f} MB", flush=True)
        figures.append(figure)
    return figures


def venv_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def terraform_peer(env: dict[str, str], repeat: int, temp: Path) -> list[Figure]:
    """`terraform plan` + `terraform show -json` of benchmarks/terraform/all-aws (the first
    stage of an Infracost-style pipeline) against `indexplan estimate all-aws --no-cache`,
    paired. Needs the terraform CLI and a local mirror of the hashicorp/aws provider."""
    terraform = shutil.which("terraform")
    mirror = provider_mirror()
    if terraform is None or mirror is None:
        print(f"    skipped: terraform CLI {'found' if terraform else 'not found'}, "
              f"hashicorp/aws mirror {mirror or 'not found'}")  # fmt: skip
        return []
    work = temp / "terraform"
    shutil.copytree(TERRAFORM_CONFIG, work)
    config = work / "cli.tfrc"
    config.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n'
                      '  }\n}\n')  # fmt: skip
    tf_env = {**env, "TF_CLI_CONFIG_FILE": str(config), "TF_IN_AUTOMATION": "1",
              "CHECKPOINT_DISABLE": "1", "AWS_ACCESS_KEY_ID": "offline",
              "AWS_SECRET_ACCESS_KEY": "offline", "AWS_EC2_METADATA_DISABLED": "true"}  # fmt: skip
    init = run_once([terraform, "init", "-input=false", "-no-color"], tf_env, cwd=work)
    if not init.ok:
        print(f"    skipped: terraform init failed ({init.error})")
        return []
    plan = (f"{terraform} plan -input=false -lock=false -refresh=false -no-color -out=plan.bin"
            f" >/dev/null && {terraform} show -json plan.bin > plan.json")  # fmt: skip
    ours = [*indexplan_command(), *PEER]
    pairs = [
        (run_once(ours, env), run_once(["bash", "-c", plan], tf_env, cwd=work))
        for _ in range(repeat)
    ]
    count = resource_count(work / "plan.json")
    figure = report(f"terraform plan + show -json, {count} resources (floor: ours)", plan, pairs,
                    target_min_ratio=1)  # fmt: skip
    ours_seconds = statistics.median(run.seconds for run, _ in pairs)
    ours_peak = max(run.peak_bytes for run, _ in pairs)
    lead = "PASS" if figure.peak_bytes >= ours_peak else "MISS"
    print(f"    ours: indexplan {' '.join(PEER)}: {ours_seconds:.2f} s, {ours_peak / 10**6:.0f} MB;"
          f" memory lead kept (Terraform's peak >= ours): {lead}")  # fmt: skip
    return [figure]


def provider_mirror() -> Path | None:
    """A directory holding registry.terraform.io/hashicorp/aws, as a filesystem mirror."""
    candidates = [
        os.environ.get("TF_PROVIDER_MIRROR", ""),
        "/opt/tf-plugins",
        str(Path.home() / ".terraform.d" / "plugins"),
        "/usr/share/terraform/plugins",
    ]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return Path(candidate)
    return None


def resource_count(plan: Path) -> int:
    import json

    try:
        doc = json.loads(plan.read_text())
        return len(doc["planned_values"]["root_module"]["resources"])
    except (OSError, ValueError, KeyError):
        return 0


def measure_tests(env: dict[str, str]) -> Figure:
    argv = ["bash", "scripts/test.sh"]
    result = run_once(argv, env)
    figure = Figure("test suite in this checkout (ruff, format, mypy, pytest)", " ".join(argv),
                    result.seconds, result.peak_bytes, result.cpu_seconds,
                    error=result.error, output=result.output)  # fmt: skip
    print(row(figure), flush=True)
    return figure


def copies_of_the_stacks(into: Path) -> list[str]:
    """The 4 shipped stack files copied under other names: 8 distinct stacks for compare."""
    paths = []
    for name in SHIPPED:
        copy = into / f"Pulumi.{name}-copy.yaml"
        shutil.copy(ROOT / "stacks" / f"Pulumi.{name}.yaml", copy)
        paths.append(str(copy))
    return paths


def append_comment(path: Path) -> None:
    with path.open("a") as out:
        out.write("# changed\n")


def scaling(env: dict[str, str], repeat: int, temp: Path) -> None:
    print("\nscaling: sweep over the 4 shipped stacks (graph cache warm)")
    for points in (10**4, 10**5, 10**6, 10**7):
        args = [*SWEEP, "--points", str(points)]
        measure(f"sweep, {points:,} points", args, env, repeat, before=COMPARE)
    print("\nscaling: compare over N stacks (cold: --no-cache; warm: graph cache filled)")
    stacks = [*SHIPPED, *copies_of_the_stacks(temp)]
    for count in (1, 2, 4, 8):
        args = [*COMPARE, *stacks[:count]]
        measure(f"compare, {count} stacks, cold", [*args, "--no-cache"], env, repeat)
        measure(f"compare, {count} stacks, warm", args, env, repeat, before=args)
    print("\nCI on a change to one stack file: compare over 4 stacks, the others cached")
    copies = [*COMPARE, *stacks[4:]]
    for name in ("all-aws", "all-gcp", "pypi-2021"):
        edit = functools.partial(append_comment, temp / f"Pulumi.{name}-copy.yaml")
        measure(f"compare, 4 stacks, {name} changed", copies, env, repeat, before=copies,
                prepare=edit)  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="pairs per figure (median)")
    parser.add_argument("--fresh", action="store_true", help="README's commands, fresh clones")
    parser.add_argument("--terraform", action="store_true", help="the Terraform peer figure")
    parser.add_argument("--scaling", action="store_true", help="sweep points, compare stacks")
    parser.add_argument("--tests", action="store_true", help="the test suite in this checkout")
    parser.add_argument("--all", action="store_true", help="all of the above")
    options = parser.parse_args(argv)
    repeat = max(1, options.repeat)

    print(f"{time.strftime('%Y-%m-%d')} on {machine()}")
    print(f"{repeat} pairs per figure; median wall and CPU (user + system) seconds; the ratio is")
    print("the median of (command / floor) wall times per pair; peak: the largest maximum RSS\n")
    # Bytecode is written as on a user's machine, whatever this shell says; cold figures are
    # taken once the SDK modules they use have bytecode (a fresh clone's first run: --fresh).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="indexplan-bench-") as temp:
        env["INDEXPLAN_CACHE_DIR"] = str(Path(temp) / "cache")
        run_once([*indexplan_command(), *COMPARE, "--no-cache"], env)  # untimed: bytecode
        print(HEADER)
        figures = commands(env, repeat)
        if options.terraform or options.all:
            print("\nthe peer: Terraform's plan of an equivalent AWS configuration")
            figures += terraform_peer(env, repeat, Path(temp))
        if options.fresh or options.all:
            print("\nfresh machine: README's commands on new clones, empty caches")
            figures += fresh(Path(temp))
        if options.tests or options.all:
            figures.append(measure_tests(env))
        if options.scaling or options.all:
            scaling(env, repeat, Path(temp))
    judged = [f for f in figures if f.verdict != "-"]
    missed = [f.what for f in judged if f.verdict.startswith("MISS")]
    print(f"\n{len(judged) - len(missed)} of {len(judged)} targets met", end="")
    print(f"; missed: {'; '.join(missed)}" if missed else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
