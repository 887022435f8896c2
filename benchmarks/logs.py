"""Measure `indexplan scenario from-logs` on generated gzip logs of each CDN format, against
the floor of decompressing the same files with `gzip -dc`, one process per core, in the same
run. Prints throughput (uncompressed MB/s), peak memory and the ratio to the floor, each with
its target: within 2x of the floor, under 1 GB of memory.

Not a test: it never fails a build. The logs come from tests/logs/generate.py: one day of
each format (March 1st, 2026) is generated, then copied to the month's other days with the
date changed, and each day gzip-compressed (level 6), so N GB take seconds per GB rather than
minutes. `--lines 1e8` also reads that many CloudFront lines: the month's files copied again
under other names until there are enough (decompressing and parsing cost the same for a copy,
and the page cache helps gzip -dc as much as it helps DuckDB).

    .venv/bin/python benchmarks/logs.py                    # 1 GB of each CDN format
    .venv/bin/python benchmarks/logs.py --gb 2 --formats cloudfront
    .venv/bin/python benchmarks/logs.py --gb 1 --lines 1e8 --formats cloudfront
    .venv/bin/python benchmarks/logs.py --gb 1 --formats fastly cloudcdn --stages 3

`--stages N` then splits a JSON format's CPU time by stage, in this process, on the same
files (the minimum of N alternated rounds; see `stages`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from run import indexplan_command, machine, run_once  # noqa: E402

from tests.logs.generate import Spec, write  # noqa: E402

CDN_FORMATS = ("cloudfront", "fastly", "cloudcdn")
DAYS = 31  # March 2026: a complete month, so the scenario's requests are every line
TARGET_RATIO = 2.0
TARGET_BYTES = 10**9
MB = 10**6


@dataclass(frozen=True)
class Sample:
    files: list[Path]
    lines: int
    raw_bytes: int  # uncompressed


@dataclass(frozen=True)
class Row:
    what: str
    sample: Sample
    floor_seconds: float
    floor_cpu: float  # user + system seconds of the gzip processes
    seconds: float
    cpu: float
    peak_bytes: int
    checked: str


def children_cpu() -> float:
    """CPU seconds of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def day_file(fmt: str, cycles: int, into: Path) -> tuple[Path, int]:
    """March 1st's lines of `fmt` (the 23:59:59 one, delivered with the 2nd, included) in one
    file, headers first; and how many header lines it has."""
    paths = write(fmt, Spec(months=("2026-03",), cycles=cycles, days=1), into, compress=False)
    lines = [line for p in paths for line in p.read_text().splitlines(keepends=True)]
    headers = list(dict.fromkeys(line for line in lines if line.startswith("#")))
    day = into / "day.txt"
    day.write_text("".join(headers + [line for line in lines if not line.startswith("#")]))
    return day, len(headers)


def _compress_day(job: tuple[Path, str, int, Path]) -> tuple[str, int, int]:
    source, fmt, day, folder = job
    body = source.read_bytes().replace(b"2026-03-01", f"2026-03-{day:02d}".encode())
    path = folder / f"{fmt}-2026-03-{day:02d}.gz"
    path.write_bytes(gzip.compress(body, compresslevel=6, mtime=0))
    return str(path), body.count(b"\n"), len(body)


def make(fmt: str, gigabytes: float, into: Path) -> Sample:
    """About `gigabytes` of uncompressed `fmt` logs: March 2026, one gzip file a day. The
    work is done in other processes, so this one stays small (a child forked from a large
    process would report the parent's memory as its own peak)."""
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        probe, _ = pool.submit(day_file, fmt, 1, into / "probe").result()
        cycles = max(1, math.ceil(gigabytes * 1e9 / DAYS / probe.stat().st_size))
        day, headers = pool.submit(day_file, fmt, cycles, into / "day").result()
        folder = into / fmt
        folder.mkdir()
        jobs = [(day, fmt, d, folder) for d in range(1, DAYS + 1)]
        done = list(pool.map(_compress_day, jobs))
    lines = sum(n for _, n, _ in done) - DAYS * headers
    return Sample([Path(p) for p, _, _ in done], lines, sum(size for _, _, size in done))


def copied(sample: Sample, lines: int, into: Path) -> Sample:
    """`sample`'s files copied again under other names until they hold `lines` lines (copies:
    from-logs reads a file once however many names it has, a symbolic or a hard link alike;
    the copies, ~0.1 GB of gzip per GB of lines, stay in the page cache on this machine)."""
    copies = math.ceil(lines / sample.lines)
    into.mkdir()
    files = []
    for copy in range(copies):
        for path in sample.files:
            again = into / f"{copy:04d}-{path.name}"
            shutil.copyfile(path, again)
            files.append(again)
    return Sample(files, sample.lines * copies, sample.raw_bytes * copies)


def floor(files: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds for `gzip -dc` to decompress every file, one process per core."""
    cores = os.cpu_count() or 1
    groups = [files[i::cores] for i in range(cores)]
    start, cpu = time.perf_counter(), children_cpu()
    children = [
        subprocess.Popen(["gzip", "-dc", *map(str, group)], stdout=subprocess.DEVNULL)
        for group in groups
        if group
    ]
    for child in children:
        if child.wait() != 0:
            raise SystemExit(f"gzip -dc failed on {groups}")
    return time.perf_counter() - start, children_cpu() - cpu


def measure(what: str, sample: Sample, folder: Path, out: Path) -> Row:
    base, base_cpu = floor(sample.files)
    argv = [*indexplan_command(), "scenario", "from-logs", f"{folder}/*.gz", "-o", str(out)]
    cpu = children_cpu()
    run = run_once(argv, dict(os.environ))
    cpu = children_cpu() - cpu
    if not run.ok:
        raise SystemExit(f"{what}: {run.error}")
    requests = yaml.safe_load(out.read_text())["traffic"]["requests"]
    checked = "all lines" if requests == f"{sample.lines}/month" else f"MISMATCH: {requests}"
    return Row(what, sample, base, base_cpu, run.seconds, cpu, run.peak_bytes, checked)


def stages(fmt: str, sample: Sample, into: Path, rounds: int) -> dict[str, float]:
    """CPU seconds of the fast way's stages on `sample`, each the minimum of `rounds`
    alternated runs: the line checks (one thread per core), the fast query (one DuckDB thread
    per core) on the gzip files, the same query on plain copies (the difference is DuckDB's
    own inflate), and `read_json` counting rows only (inflate and parse, no column)."""
    from costmodel.readers.logs import cloudcdn, detect, engine, fastly, jsonfields, linecheck
    from costmodel.readers.logs.files import LogFile

    def logs(paths: list[Path], compression: str) -> list[LogFile]:
        return [LogFile(p, p.stat().st_size, compression, ()) for p in paths]

    reader = detect.candidates(fmt, None)[0]
    default = fastly.Fastly()
    keys = cloudcdn.KEYS if fmt == "cloudcdn" else [default.fields[n] for n in default.names]
    gz = logs(sample.files, "gzip")
    (into / "plain").mkdir(parents=True)
    plain = []
    for path in sample.files:
        plain.append(into / "plain" / path.with_suffix(".json").name)
        plain[-1].write_bytes(gzip.decompress(path.read_bytes()))
    flat = logs(plain, "none")

    def query(files: list[LogFile], count_only: bool = False) -> None:
        sql = engine._fast_sql(reader, files)  # the staged table, as from-logs builds it
        if count_only:
            read = jsonfields.reader(files, keys)
            assert read is not None
            sql = f"SELECT count(*) FROM {read[0]}"
        con = engine.database()
        con.execute(sql)
        con.close()

    def checks() -> None:
        with linecheck.Checks() as check:
            check.counts(gz)

    work = {
        "line checks": checks,
        "fast query, gzip": lambda: query(gz),
        "fast query, plain": lambda: query(flat),
        "read_json count(*), gzip": lambda: query(gz, count_only=True),
    }
    seconds: dict[str, list[float]] = {name: [] for name in work}
    for turn in range(rounds):
        for name in list(work) if turn % 2 == 0 else list(reversed(work)):
            usage = resource.getrusage(resource.RUSAGE_SELF)
            work[name]()
            after = resource.getrusage(resource.RUSAGE_SELF)
            seconds[name].append(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime)
    return {name: min(found) for name, found in seconds.items()}


def report(rows: list[Row]) -> None:
    print(
        f"| format | files | lines | uncompressed | gzip -dc ({os.cpu_count()} procs) | "
        "indexplan | ratio (wall, CPU) | peak memory | read | target |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        raw = r.sample.raw_bytes
        ratio = r.seconds / r.floor_seconds
        ok = ratio <= TARGET_RATIO and r.peak_bytes < TARGET_BYTES and r.checked == "all lines"
        print(
            f"| {r.what} | {len(r.sample.files):,} | {r.sample.lines:,} | {raw / 1e9:.2f} GB | "
            f"{r.floor_seconds:.1f} s, {raw / MB / r.floor_seconds:,.0f} MB/s | "
            f"{r.seconds:.1f} s, {raw / MB / r.seconds:,.0f} MB/s | "
            f"{ratio:.2f}, {r.cpu / r.floor_cpu:.2f} | {r.peak_bytes / MB:,.0f} MB | "
            f"{r.checked} | {'PASS' if ok else 'MISS'} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=1.0, help="uncompressed GB per format")
    parser.add_argument("--formats", nargs="+", default=list(CDN_FORMATS), choices=CDN_FORMATS)
    parser.add_argument("--lines", type=float, help="also read this many CloudFront lines")
    parser.add_argument(
        "--stages", type=int, metavar="N", help="then CPU by stage, JSON formats, best of N"
    )
    args = parser.parse_args()
    print(f"{dt.date.today()}: {machine()}; load average {os.getloadavg()[0]:.1f}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="indexplan-logs-") as tmp:
        work = Path(tmp)
        samples = {}
        for fmt in args.formats:
            start = time.perf_counter()
            samples[fmt] = make(fmt, args.gb, work / f"gen-{fmt}")
            print(f"generated {fmt}: {time.perf_counter() - start:.0f} s", file=sys.stderr)
            folder = samples[fmt].files[0].parent
            rows.append(measure(fmt, samples[fmt], folder, work / f"{fmt}.yaml"))
        if args.lines:
            base = samples.get("cloudfront") or make("cloudfront", args.gb, work / "gen-big")
            big = copied(base, int(args.lines), work / "big")
            rows.append(measure("cloudfront, copied", big, work / "big", work / "big.yaml"))
        report(rows)
        # Last, in this process: it grows by DuckDB, which the children it forked would inherit.
        for fmt in args.formats if args.stages else ():
            if fmt == "cloudfront":
                continue  # read the exact way: no fast way to split
            found = stages(fmt, samples[fmt], work / f"stages-{fmt}", args.stages)
            print(f"\n{fmt}, CPU seconds by stage (best of {args.stages}):")
            for name, cpu in found.items():
                print(f"- {name}: {cpu:.2f} s")


if __name__ == "__main__":
    main()
