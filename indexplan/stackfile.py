"""Reading a `Pulumi.<stack>.yaml` file: every way it can be wrong is one line naming the file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from costmodel.errors import InputError
from costmodel.yamlfile import load_yaml_mapping
from infra.config import StackConfig, parse_stack_config


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
    doc = load_yaml_mapping(path, "a Pulumi.<stack>.yaml stack file")
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
