"""Reading a file a user hands us: every way the file itself can be wrong is one InputError line.
The format-specific loaders (yamlfile, jsonfile) parse what this returns."""

from __future__ import annotations

from pathlib import Path

from costmodel.errors import InputError

# Scenarios, catalogs, usage files and Pulumi previews are at most a few MB; refusing anything
# larger before reading keeps a mistaken 50 MB argument from stalling the CLI.
MAX_BYTES = 10 * 1000 * 1000


def read_user_text(path: Path, what: str, syntax: str, max_bytes: int = MAX_BYTES) -> str:
    """The text of `path`, checked to be a readable, non-empty UTF-8 file of a sane size;
    `what` names the expected file and `syntax` its format (YAML, JSON) in messages. Formats
    that are routinely larger (Terraform plans) pass their own `max_bytes`."""
    where = str(path)
    if not path.exists():
        raise InputError(where, "", "no such file")
    if not path.is_file():
        raise InputError(where, "", f"not a file (expected {what})")
    if path.stat().st_size > max_bytes:
        raise InputError(where, "", f"larger than {max_bytes // 1000**2} MB; not {what}")
    raw = path.read_bytes()
    if b"\0" in raw:
        raise InputError(where, "", f"binary file; expected {what} in {syntax}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, "", f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise InputError(where, "", f"empty file; expected {what}")
    return text
