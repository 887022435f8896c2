"""Every path the graph-cache key hashes exists: a module moved or renamed would otherwise drop
out of the key silently, and a change to it would no longer invalidate the cache."""

from __future__ import annotations

from indexplan.cache import HASHED


def test_every_hashed_path_exists():
    assert [str(p) for p in HASHED if not p.exists()] == []


def test_every_provider_sdk_is_loaded_on_demand_and_keys_the_cache():
    """A provider SDK the program depends on is both loaded on demand (else its whole package
    is imported on every build) and part of the cache key (else an upgrade is not noticed)."""
    import re
    import tomllib

    from indexplan.cache import DISTRIBUTIONS, ROOT
    from indexplan.sdk_on_demand import SDKS

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[<>=!~ ;\[]", d)[0] for d in project["dependencies"]}
    providers = {n.replace("-", "_") for n in names if n.startswith("pulumi-")}
    assert providers == set(SDKS)
    assert set(SDKS) <= set(DISTRIBUTIONS)
