"""Corrupt gzip data in a JSON-lines log of either CDN format is refused: one line naming the
file, exit 2, nothing written. DuckDB's gzip reader does not check the CRC, so only the line
check (zlib-ng) stands between such a file and a scenario built on its garbage; a format read
the exact way alone would write one (Cloud CDN did so in s9-logs' trial: exit 0, hundreds of
"malformed" lines; benchmarks/README.md)."""

from __future__ import annotations

import pytest
from log_helpers import refused

from tests.logs.generate import Spec, write


@pytest.mark.parametrize("fmt", ["fastly", "cloudcdn"])
def test_corrupt_gzip_data_is_refused_in_either_json_format(capsys, tmp_path, fmt):
    paths = write(fmt, Spec(months=("2026-03",), cycles=8), tmp_path / "logs", compress=True)
    victim = paths[3]
    data = bytearray(victim.read_bytes())
    middle = len(data) // 2  # past the head that recognises the format
    data[middle : middle + 64] = bytes(b ^ 0x55 for b in data[middle : middle + 64])
    victim.write_bytes(bytes(data))
    out = tmp_path / "scenario.yaml"
    err = refused(capsys, "scenario", "from-logs", *map(str, paths), "-o", str(out))
    assert f"{victim}: not valid gzip data (corrupt" in err
    assert not out.exists()
