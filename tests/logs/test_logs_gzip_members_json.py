"""A JSON-lines gzip file of several members (`cat a.gz b.gz`) meets the line check first
(linecheck.clean_lines, the fast way's test). zlib-ng keeps the input after a member that
ends past a cut piece in unconsumed_tail as well as in unused_data; the check fed that tail
back to a finished member again and again, so `from-logs` hung on such a Fastly file. The
check now gives the file up at its second member (the fast way reads one member: read_json's
rows are not checked past it), and the exact way reads and verifies every member."""

from __future__ import annotations

import gzip
import threading

from log_helpers import members_read_as_one

from costmodel.readers.logs import linecheck
from costmodel.readers.logs.files import LogFile


def test_a_json_file_of_two_members_is_left_to_the_exact_way(capsys, tmp_path, logs):
    body = gzip.decompress((logs["fastly"] / "fastly-2026-01-02.json.gz").read_bytes())
    first, second = body * 8, body * 3
    assert len(first) > linecheck.PIECE  # the first member ends after a cut piece
    one, two = tmp_path / "one.json.gz", tmp_path / "two.json.gz"
    one.write_bytes(gzip.compress(first + second))
    two.write_bytes(gzip.compress(first) + gzip.compress(second))

    found: dict[str, int | None] = {}

    def check() -> None:
        for path in (one, two):
            found[path.name] = linecheck.clean_lines(LogFile(path, 0, "gzip", ()))

    checking = threading.Thread(target=check, daemon=True)  # a hang fails, not the suite
    checking.start()
    checking.join(timeout=60)
    assert not checking.is_alive(), "the line check did not end on a file of two members"
    # one member: every newline counted (11 copies of the day's lines); two: given up
    assert found == {"one.json.gz": body.count(b"\n") * 11, "two.json.gz": None}

    members_read_as_one(capsys, one, two)
