"""The parsed-catalog cache (costmodel/model/catalog_cache.py): a cached catalog is the catalog
the files give, and any change to a file, to the code that parses them or to PyYAML's version
gives a new key, so an entry is never used for anything but the bytes it was parsed from."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from costmodel.errors import InputError
from costmodel.files import diskcache, parsed
from costmodel.model import catalog_cache, prices
from costmodel.model.prices import CATALOG_DIR, load_catalog

pytestmark = pytest.mark.usefixtures("own_cache")  # an empty cache of its own (conftest)


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files parsed from YAML or JSON (not from a cache entry), by name."""
    seen: list[str] = []
    read = prices._read_catalog_file

    def counting(path: Path) -> dict:
        seen.append(path.name)
        return read(path)

    monkeypatch.setattr(prices, "_read_catalog_file", counting)
    return seen


def content(catalog: prices.Catalog) -> list:
    """Everything a Catalog holds, prices made from their table rows, as comparable values."""
    made = sorted((str(k), repr(p), w) for k, p, w in catalog.prices())
    return [made, sorted(catalog.unpriced()), catalog._zone_maps]


def entries() -> list[Path]:
    folder = diskcache.cache_dir() / catalog_cache.FOLDER
    return sorted(folder.glob("*.json")) if folder.exists() else []


def test_a_second_load_reads_the_entry_and_gives_the_same_catalog(catalog, parses):
    first = load_catalog(catalog, cached=True)
    assert sorted(parses) == ["b2.yaml", "rds.json"] and len(entries()) == 1
    second = load_catalog(catalog, cached=True)
    assert sorted(parses) == ["b2.yaml", "rds.json"]  # nothing parsed the second time
    assert content(second) == content(first) == content(load_catalog(catalog))


def test_the_shipped_catalog_from_its_entry_is_the_catalog_of_its_files():
    load_catalog(CATALOG_DIR, cached=True)  # fills the entry
    assert len(entries()) == 1
    assert content(load_catalog(CATALOG_DIR, cached=True)) == content(load_catalog(CATALOG_DIR))


@pytest.mark.parametrize(
    "change",
    ["edit a byte", "add a file", "rename a file", "edit the parsing code", "upgrade PyYAML"],
)
def test_any_change_to_what_the_parse_depends_on_parses_again(
    catalog, parses, monkeypatch, tmp_path, change
):
    load_catalog(catalog, cached=True)
    parses.clear()
    b2 = catalog / "backblaze" / "b2.yaml"
    if change == "edit a byte":  # the rate 0.005 becomes 0.004: one byte
        b2.write_text(b2.read_text().replace("[null, 0.005]", "[null, 0.004]"))
    elif change == "add a file":
        shutil.copy(CATALOG_DIR / "cloudflare/zones.yaml", catalog / "zones.yaml")
    elif change == "rename a file":
        b2.rename(b2.with_name("b3.yaml"))
    elif change == "edit the parsing code":
        code = tmp_path / "reader.py"
        code.write_text("# a reader\n")
        monkeypatch.setattr(catalog_cache, "_CODE", (*catalog_cache._CODE, code))
        load_catalog(catalog, cached=True)
        parses.clear()
        code.write_text("# a reader, edited\n")
    else:
        versions = diskcache.installed_versions

        def upgraded(names: tuple[str, ...]) -> dict[str, str]:
            return {name: v + ".1" for name, v in versions(names).items()}

        monkeypatch.setattr(diskcache, "installed_versions", upgraded)
    cached = load_catalog(catalog, cached=True)
    assert parses  # parsed from the files again
    assert content(cached) == content(load_catalog(catalog))
    assert len(entries()) == 1  # the new entry replaced the old one
    if change == "edit a byte":
        key = prices.PriceKey("b2", "b2", "storage", "global")
        assert cached.select(key, dt.date(2020, 1, 1)).version.tiers[-1] == (None, 0.004)


def test_the_parsing_code_and_pyyaml_are_in_the_key():
    """The key covers every module that turns a file into data, and PyYAML's version."""
    assert (Path(catalog_cache.__file__).resolve(),) == catalog_cache._CODE
    assert Path(prices.__file__).resolve().parent.parent / "files" == parsed.CODE
    modules = {p.name for p in parsed.CODE.glob("*.py")}
    assert {"yamlfile.py", "jsonfile.py", "userfile.py", "bounds.py", "parsed.py"} <= modules
    assert parsed.VERSIONS == ("pyyaml",)
    assert diskcache.installed_versions(("pyyaml",))["pyyaml"] != "not installed"


@pytest.mark.parametrize("damage", ["payload", "header", "truncate", "symlink", "foreign"])
def test_an_entry_that_cannot_be_trusted_is_parsed_afresh(catalog, parses, tmp_path, damage):
    good = content(load_catalog(catalog, cached=True))
    (entry,) = entries()
    raw = entry.read_bytes()
    header, _, payload = raw.partition(b"\n")
    if damage == "payload":  # a price changed, the header kept: its SHA-256 no longer matches
        entry.write_bytes(header + b"\n" + payload.replace(b"0.005", b"0.001"))
    elif damage == "header":  # both changed, but not by _write: another key
        doc = json.loads(header)
        doc["key"] = "0" * 64
        entry.write_bytes(json.dumps(doc).encode() + b"\n" + payload)
    elif damage == "truncate":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "symlink":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_bytes(raw)
        entry.unlink()
        entry.symlink_to(elsewhere)
    else:  # a valid entry of other files: the names do not match
        doc = json.loads(payload)
        doc["other.yaml"] = doc.pop(next(iter(doc)))
        payload = json.dumps(doc).encode()
        sha = catalog_cache.hashlib.sha256(payload).hexdigest()
        head = json.loads(header) | {"sha256": sha}
        entry.write_bytes(json.dumps(head).encode() + b"\n" + payload)
    shutil.rmtree(diskcache.cache_dir() / catalog_cache.INDEX_FOLDER)  # else the parse is not read
    parses.clear()
    assert content(load_catalog(catalog, cached=True)) == good
    assert sorted(parses) == ["b2.yaml", "rds.json"]


def test_a_catalog_that_does_not_validate_gives_the_same_message_and_is_not_stored(catalog):
    b2 = catalog / "backblaze" / "b2.yaml"
    b2.write_text(b2.read_text().replace("unit_size: 1000000000", "unit_size: -1", 1))
    with pytest.raises(InputError) as uncached:
        load_catalog(catalog)
    with pytest.raises(InputError) as cached:
        load_catalog(catalog, cached=True)
    assert str(cached.value) == str(uncached.value)
    assert "unit_size" in str(cached.value)
    assert entries() == []


def test_a_file_that_cannot_be_read_gives_the_same_message(catalog):
    (catalog / "broken.yaml").write_bytes(b"provider: b2\n\xff\n")  # not UTF-8
    (catalog / "zz.yaml").mkdir()  # not a file: its read fails before any parse
    with pytest.raises(InputError) as uncached:
        load_catalog(catalog)
    with pytest.raises(InputError) as cached:
        load_catalog(catalog, cached=True)
    assert str(cached.value) == str(uncached.value)
    assert "broken.yaml" in str(cached.value) and entries() == []


def test_an_unwritable_cache_directory_only_costs_time(catalog, monkeypatch, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory would be")
    monkeypatch.setenv("INDEXPLAN_CACHE_DIR", str(blocked))
    assert content(load_catalog(catalog, cached=True)) == content(load_catalog(catalog))


@pytest.mark.parametrize(
    "value, plain",
    [
        ({"a": [1, 1.5, "x", None, True]}, True),
        ({"a": {1: "x"}}, False),  # JSON would make the key "1"
        ({"a": float("nan")}, False),
        ({"a": float("inf")}, False),
        ({"a": (1, 2)}, False),  # JSON would make it a list
        ({"a": os.sep.encode()}, False),
    ],
)
def test_only_what_json_gives_back_exactly_is_stored(value, plain):
    assert diskcache.plain(value) is plain
