"""Reading a user's YAML file: every way the file itself can be wrong is one InputError line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from costmodel.errors import InputError

MAX_BYTES = 10 * 1000 * 1000  # scenarios, catalogs and usage files are pages of YAML


def load_yaml_mapping(path: Path, what: str) -> dict[str, Any]:
    """The top-level mapping of a YAML file; `what` names the expected file in messages."""
    import yaml

    where = str(path)
    if not path.exists():
        raise InputError(where, "", "no such file")
    if not path.is_file():
        raise InputError(where, "", f"not a file (expected {what})")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(where, "", f"larger than {MAX_BYTES // 1000**2} MB; not {what}")
    raw = path.read_bytes()
    if b"\0" in raw:
        raise InputError(where, "", f"binary file; expected {what} in YAML")
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
        raise InputError(where, "", f"empty file; expected {what}")
    if not isinstance(doc, dict):
        raise InputError(where, "(top level)", f"must be a mapping, got {type(doc).__name__}")
    return {str(k): v for k, v in doc.items()}
