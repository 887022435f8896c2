"""Which format each file is in. `auto` recognises each file from its first lines; a named
format (or a pair, `fastly,gcs-usage`) is checked against them the same way, so a CloudFront
file given as `--log-format fastly` is refused rather than misread.

One run reads one CDN's logs, optionally with one origin's logs beside them (they refine the
hit ratio); any other mixture is refused, as is a file no format recognises.
"""

from __future__ import annotations

from collections.abc import Sequence

from costmodel.errors import InputError
from costmodel.readers.logs.base import LogFormat
from costmodel.readers.logs.cloudcdn import CloudCdn
from costmodel.readers.logs.cloudfront import CloudFront
from costmodel.readers.logs.fastly import Fastly
from costmodel.readers.logs.files import LogFile
from costmodel.readers.logs.gcs_usage import GcsUsage
from costmodel.readers.logs.s3_access import S3Access
from costmodel.readers.logs.text import excerpt

FORMATS: tuple[LogFormat, ...] = (CloudFront(), Fastly(), CloudCdn(), GcsUsage(), S3Access())
NAMES = tuple(f.name for f in FORMATS)


def candidates(spec: str, fastly: Fastly | None = None) -> tuple[LogFormat, ...]:
    """The formats `--log-format` allows: `auto` (all) or a comma-separated list of names, at
    most one CDN's and one origin's (as `detect` allows of the files). `fastly` replaces
    the default Fastly format (a field map, regions by country)."""
    known = tuple(fastly if fastly is not None and f.name == "fastly" else f for f in FORMATS)
    if spec == "auto":
        return known
    by_name = {f.name: f for f in known}
    chosen = []
    for name in (part.strip() for part in spec.split(",")):
        if name not in by_name:
            raise InputError(
                "--log-format", name, f"unknown format; known: auto, {', '.join(NAMES)}"
            )
        chosen.append(by_name[name])
    for side in ("cdn", "origin"):
        kinds = list(dict.fromkeys(f.name for f in chosen if f.side == side))
        if len(kinds) > 1:
            raise InputError(
                "--log-format",
                spec,
                f"two {side} log formats ({' and '.join(kinds)}); a run reads one CDN's logs, "
                "with at most one origin's beside them (e.g. fastly,gcs-usage)",
            )
    return tuple(chosen)


def detect(files: Sequence[LogFile], allowed: Sequence[LogFormat]) -> list[LogFormat]:
    """Each file's format, from `allowed`; refuses a file none matches and a mixture."""
    found = []
    for file in files:
        fmt = next((f for f in allowed if f.matches(file.head)), None)
        if fmt is None:
            names = ", ".join(f.name for f in allowed)
            first = next((line for line in file.head if line.strip()), "")
            raise InputError(
                file.name, "", f"not a log in any of {names} (first line: {excerpt(first)})"
            )
        found.append(fmt)
    for side in ("cdn", "origin"):
        kinds = sorted({f.name for f in found if f.side == side})
        if len(kinds) > 1:
            example = {f.name: file.name for file, f in zip(files, found, strict=True)}
            raise InputError(
                example[kinds[1]],
                "",
                f"a mixture of {side} log formats ({' and '.join(kinds)}, e.g. "
                f"{example[kinds[0]]}); give one CDN's logs per run",
            )
    if not any(f.side == "cdn" for f in found):
        raise InputError(
            files[0].name,
            "",
            "origin logs (gcs-usage, s3-access) see cache misses and uploads, not what "
            "clients received; give the CDN's logs too",
        )
    return found
