"""A gzip file of several members (concatenated .gz files, as `cat a.gz b.gz` makes) read the
exact way: its CRC check (linecheck.verify_gzip) reads every member, so a valid one gives the
scenario of the same lines in one member, and damage in its second member is refused."""

from __future__ import annotations

import gzip

from log_helpers import members_read_as_one


def test_several_members_read_as_one_and_checked_to_the_last(capsys, tmp_path, logs):
    text = gzip.decompress((logs["cloudfront"] / "cloudfront-2026-01-02.gz").read_bytes())
    rows = text.splitlines(keepends=True)
    header, body = rows[:2], rows[2:]
    assert all(row.startswith(b"#") for row in header) and len(b"".join(body)) * 4 > 1 << 18
    # Each member decompresses to over 256 kB (the check's piece) from a few kB: the first ends
    # after a piece was cut, where zlib-ng keeps the input left in two places.
    first, second = b"".join(header + body * 4), b"".join(body * 4)
    one, two = tmp_path / "one.gz", tmp_path / "two.gz"
    one.write_bytes(gzip.compress(first + second))
    two.write_bytes(gzip.compress(first) + gzip.compress(second))

    members_read_as_one(capsys, one, two)
