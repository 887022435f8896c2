"""Reading a user's YAML file: every way the file itself can be wrong is one InputError line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from costmodel.errors import InputError
from costmodel.files.userfile import read_user_text


def load_yaml_mapping(path: Path, what: str) -> dict[str, Any]:
    """The top-level mapping of a YAML file; `what` names the expected file in messages."""
    import yaml

    where = str(path)
    text = read_user_text(path, what, "YAML")
    try:
        # libyaml's loader parses the price catalog ~10x faster; same safe subset of YAML
        doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "malformed"
        raise InputError(where, "", f"{line}invalid YAML ({problem})") from None
    if doc is None:
        raise InputError(where, "", f"no YAML document in the file; expected {what}")
    if not isinstance(doc, dict):
        raise InputError(where, "(top level)", f"must be a mapping, got {type(doc).__name__}")
    return {str(k): v for k, v in doc.items()}
