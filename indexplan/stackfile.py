"""Reading a `Pulumi.<stack>.yaml` file: every way it can be wrong is one line naming the file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from costmodel.errors import InputError
from infra.config import StackConfig, parse_stack_config

MAX_BYTES = 10 * 1000 * 1000  # a stack file is a page of YAML; refuse anything huge unread


@dataclass(frozen=True)
class StackFile:
    path: Path
    name: str
    config: Mapping[str, Any]
    settings: StackConfig


def stack_name(path: Path) -> str:
    """`Pulumi.pypi-2021.yaml` → `pypi-2021`; any other file name → its stem."""
    name = path.name
    for suffix in (".yaml", ".yml"):
        if name.startswith("Pulumi.") and name.endswith(suffix) and len(name) > 7 + len(suffix):
            return name[len("Pulumi.") : -len(suffix)]
    return path.stem


def load_stack_file(path: Path) -> StackFile:
    where = str(path)
    config = _read_config(path, where)
    settings = parse_stack_config(config, where)
    return StackFile(path=path, name=stack_name(path), config=config, settings=settings)


def _read_config(path: Path, where: str) -> dict[str, Any]:
    import yaml

    if not path.exists():
        raise InputError(where, "", "no such file")
    if not path.is_file():
        raise InputError(where, "", "not a file (expected a Pulumi.<stack>.yaml stack file)")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(
            where, "", f"file is larger than {MAX_BYTES // 1000**2} MB; not a stack file"
        )
    raw = path.read_bytes()
    if b"\0" in raw:
        raise InputError(where, "", "binary file; expected YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, "", f"not UTF-8 text (byte {exc.start})") from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "malformed"
        raise InputError(where, "", f"{line}invalid YAML ({problem})") from None
    if doc is None:
        raise InputError(where, "", "empty file; expected a mapping with a config: key")
    if not isinstance(doc, dict):
        raise InputError(where, "(top level)", f"must be a mapping, got {type(doc).__name__}")
    if "config" not in doc:
        raise InputError(where, "config", "required key is missing")
    config = doc["config"]
    if not isinstance(config, dict):
        raise InputError(where, "config", "must be a mapping of Pulumi config keys")
    for key, value in config.items():
        if isinstance(value, dict) and "secure" in value:
            raise InputError(
                where, f"config.{key}", "encrypted values are not read offline; keep secrets out"
            )
    return {str(k): v for k, v in config.items()}
