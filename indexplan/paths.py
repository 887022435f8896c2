"""Where the project's stack files and scenarios live, and name → file resolution."""

from __future__ import annotations

import contextlib
from pathlib import Path

from costmodel.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
STACKS_DIR = ROOT / "stacks"
SCENARIOS_DIR = ROOT / "scenarios"
EXAMPLES_DIR = ROOT / "examples"


def stack_names() -> list[str]:
    return sorted(
        p.name.removeprefix("Pulumi.").removesuffix(".yaml")
        for p in STACKS_DIR.glob("Pulumi.*.yaml")
    )


def scenario_names() -> list[str]:
    return sorted(p.stem for p in SCENARIOS_DIR.glob("*.yaml"))


def resolve_stack(name_or_path: str) -> Path:
    """A stack name from stacks/ (`pypi-2021`) or a path to a stack file."""
    return _resolve(
        name_or_path, STACKS_DIR / f"Pulumi.{name_or_path}.yaml", "stack", stack_names()
    )


def resolve_scenario(name_or_path: str) -> Path:
    """A scenario name from scenarios/ (`pypi-2021`) or a path to a scenario file."""
    return _resolve(
        name_or_path, SCENARIOS_DIR / f"{name_or_path}.yaml", "scenario", scenario_names()
    )


def named_files(stack: str | None, scenario: str | None) -> list[Path]:
    """The files a stack and a scenario (names or paths) stand for, as far as they resolve:
    inputs an output may not replace. One that does not resolve is reported by its reader."""
    found = []
    for resolve, given in ((resolve_stack, stack), (resolve_scenario, scenario)):
        with contextlib.suppress(InputError):
            found += [resolve(given)] if given is not None else []
    return found


def _resolve(given: str, by_name: Path, kind: str, known: list[str]) -> Path:
    if _is_file(by_name):
        return by_name
    path = Path(given)
    if path.suffix in (".yaml", ".yml", ".json") or "/" in given or _exists(path):
        if not _exists(path):
            raise InputError(given, kind, "no such file")
        return path
    raise InputError(given, kind, f"unknown {kind}; known: {', '.join(known) or '(none)'}")


def require_file(path: Path | None, option: str = "") -> None:
    """InputError naming the option (`--price-book: contract.yaml: no such file`) when nothing
    is at a path given to it, pointing to examples/ where a file of that name ships there."""
    if path is None or _exists(path):
        return
    example = EXAMPLES_DIR / path.name
    hint = f" (the example is examples/{path.name})" if _is_file(example) else ""
    where, field = (option, str(path)) if option else (str(path), "")
    raise InputError(where, field, f"no such file{hint}")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name the OS refuses: too long, a NUL byte
        return False


def _exists(path: Path) -> bool:
    """Whether anything is at `path`; for a name the OS refuses, the reader says why."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return True
