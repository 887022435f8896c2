"""Every path the graph-cache key hashes exists: a module moved or renamed would otherwise drop
out of the key silently, and a change to it would no longer invalidate the cache."""

from __future__ import annotations

from indexplan.cache import HASHED


def test_every_hashed_path_exists():
    assert [str(p) for p in HASHED if not p.exists()] == []
