"""A git repository holding a copy of this project, with three commits, for `--base-ref` and the
CI comment. Commands run in it as a separate process (`python -m indexplan`, the copy first on
PYTHONPATH), exactly as in a clone: its ROOT, its stacks, its program, its history.

    c1  the project, except: the archive bucket's lifecycle rule moves objects to DEEP_ARCHIVE
        (a class the model prices no storage for); a stack `gone` (all-gcp); a stack `broken`
        whose CDN runs on "azure"
    c2  the program as shipped (GLACIER_IR again); `broken` fixed (all-aws)
    c3  all-aws's database db.r6g.large -> db.m6g.large; a stack `new` (all-aws); `gone` removed
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from indexplan.paths import ROOT

PARTS = (
    "Pulumi.yaml",
    "pyproject.toml",
    "infra",
    "costmodel",
    "indexplan",
    "policy",
    "stacks",
    "scenarios",
)
S3 = "infra/storage/s3.py"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "indexplan tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "indexplan tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo)}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def make(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, repo / part)
    stacks = repo / "stacks"
    all_aws = (stacks / "Pulumi.all-aws.yaml").read_text()
    shipped_s3 = (repo / S3).read_text()
    git(repo, "init", "-q", "-b", "main")
    (repo / S3).write_text(_once(shipped_s3, '"GLACIER_IR"', '"DEEP_ARCHIVE"'))
    shutil.copy(stacks / "Pulumi.all-gcp.yaml", stacks / "Pulumi.gone.yaml")
    (stacks / "Pulumi.broken.yaml").write_text(_once(all_aws, "cdn: aws", "cdn: azure"))
    commit(repo, "c1")
    (repo / S3).write_text(shipped_s3)
    (stacks / "Pulumi.broken.yaml").write_text(all_aws)
    commit(repo, "c2")
    (stacks / "Pulumi.all-aws.yaml").write_text(_once(all_aws, "db.r6g.large", "db.m6g.large"))
    (stacks / "Pulumi.new.yaml").write_text(all_aws)
    (stacks / "Pulumi.gone.yaml").unlink()
    commit(repo, "c3")
    return repo


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def run_in(
    repo: Path, cache: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in the repository, as its own checkout (its code first on the path)."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environment = {
        **inherited,
        "PYTHONPATH": str(repo),
        "INDEXPLAN_CACHE_DIR": str(cache),
        "COLUMNS": "100",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
