"""The parse cache of scenario and stack files (costmodel/files/parsed.py): a file read from
the cache gives what the file gives, any change to its bytes, to the parsing code or to
PyYAML's version parses it again, a file that does not parse is never stored, and a stack's
`secure:` ciphertext never reaches the cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from costmodel.errors import InputError
from costmodel.files import diskcache, parsed, yamlfile
from costmodel.model import graph
from indexplan import stackfile
from indexplan.paths import ROOT
from indexplan.stackfile import load_stack_file

CIPHERTEXT = "v1:Zm9vYmFyYmF6cXV4Cg==:AAAABBBBCCCCDDDD"


pytestmark = pytest.mark.usefixtures("own_cache")  # an empty cache of its own (conftest)


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The YAML documents parsed (not read from the cache), by the file they came from."""
    seen: list[str] = []
    parse = yamlfile.yaml_mapping

    def counting(text: str, where: str, what: str) -> dict:
        seen.append(Path(where).name)
        return parse(text, where, what)

    monkeypatch.setattr(yamlfile, "yaml_mapping", counting)
    return seen


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "pypi-2021.yaml"
    shutil.copy(ROOT / "scenarios" / "pypi-2021.yaml", path)
    return path


@pytest.fixture
def stack(tmp_path: Path) -> Path:
    """A shipped stack with a secret: Fastly's API key as a `secure:` value."""
    path = tmp_path / "Pulumi.pypi-2021.yaml"
    text = (ROOT / "stacks" / "Pulumi.pypi-2021.yaml").read_text()
    path.write_text(
        text.replace("config:\n", f"config:\n  fastly:apiKey:\n    secure: {CIPHERTEXT}\n", 1)
    )
    return path


def load_scenario(path: Path) -> dict:
    """A scenario's YAML through the parse cache (load_scenario caches its resolved figures
    above it, tests/perf/test_warm_plain_data.py: it reads this only when that misses)."""
    return parsed.load_yaml_mapping(path, "a scenario")


def entries(kind: str) -> list[Path]:
    folder = diskcache.cache_dir() / parsed.FOLDER
    return sorted(folder.glob(f"{kind}-*.json")) if folder.exists() else []


def test_a_scenario_read_again_comes_from_the_cache_and_is_the_same(scenario, parses):
    first = load_scenario(scenario)
    assert parses == ["pypi-2021.yaml"] and len(entries("yaml")) == 1
    assert load_scenario(scenario) == first
    assert parses == ["pypi-2021.yaml"]  # not parsed the second time


@pytest.mark.parametrize("change", ["edit a byte", "edit the parsing code", "upgrade PyYAML"])
def test_any_change_parses_the_scenario_again(scenario, parses, monkeypatch, tmp_path, change):
    load_scenario(scenario)
    if change == "edit a byte":  # 10 TB stored becomes 11 TB
        scenario.write_text(scenario.read_text().replace("stored: 10 TB", "stored: 11 TB"))
    elif change == "edit the parsing code":
        code = tmp_path / "code"
        code.mkdir()
        (code / "reader.py").write_text("# a reader\n")
        monkeypatch.setattr(parsed, "CODE", code)
        load_scenario(scenario)
        (code / "reader.py").write_text("# a reader, edited\n")
    else:
        versions = diskcache.installed_versions

        def upgraded(names: tuple[str, ...]) -> dict[str, str]:
            return {name: v + ".1" for name, v in versions(names).items()}

        monkeypatch.setattr(diskcache, "installed_versions", upgraded)
    parses.clear()
    again = load_scenario(scenario)
    assert parses == ["pypi-2021.yaml"]
    assert len(entries("yaml")) == 1  # the path's new entry replaced its older one
    if change == "edit a byte":
        assert again["storage"]["stored"] == "11 TB"


def test_a_scenario_that_does_not_parse_fails_alike_every_time_and_is_not_stored(scenario):
    scenario.write_text(scenario.read_text() + "name: twice\n")  # a duplicate key
    messages = set()
    for _ in range(2):
        with pytest.raises(InputError) as raised:
            load_scenario(scenario)
        messages.add(str(raised.value))
    (message,) = messages
    assert "duplicate key 'name'" in message and entries("yaml") == []


def test_an_entry_of_another_shape_is_not_used(scenario, parses):
    """An entry whose payload was replaced by a list, its SHA-256 recomputed: not a mapping."""
    first = load_scenario(scenario)
    (entry,) = entries("yaml")
    header, _, _ = entry.read_bytes().partition(b"\n")
    payload = b"[1, 2]"
    head = json.loads(header) | {"sha256": parsed.hashlib.sha256(payload).hexdigest()}
    entry.write_bytes(json.dumps(head).encode() + b"\n" + payload)
    parses.clear()
    assert load_scenario(scenario) == first
    assert parses == ["pypi-2021.yaml"]


def test_a_stack_file_from_the_cache_is_the_stack_file_and_its_ciphertext_is_not_stored(
    stack, parses
):
    first = load_stack_file(stack)
    assert first.secret_keys == {"fastly:apiKey"} and first.config["fastly:apiKey"] == "[secret]"
    (entry,) = entries("stack")
    assert CIPHERTEXT.encode() not in entry.read_bytes()
    assert b"[secret]" in entry.read_bytes()
    (settings,) = entries("settings")  # the checked settings: regions and price book alone
    assert CIPHERTEXT.encode() not in settings.read_bytes()
    parses.clear()
    assert load_stack_file(stack) == first
    assert parses == []  # from the cache
    stack.write_text(stack.read_text().replace("nodes: 2", "nodes: 3"))
    assert load_stack_file(stack).config["indexplan:cache"]["nodes"] == 3
    assert parses == [stack.name]


def test_the_stack_readers_code_is_in_the_stack_key(stack, monkeypatch):
    seen: list[tuple[Path, ...]] = []
    code_key = parsed.code_key

    def recording(code: tuple[Path, ...] = ()) -> str:
        seen.append(code)
        return code_key(code)

    monkeypatch.setattr(parsed, "code_key", recording)
    load_stack_file(stack)
    code = (Path(stackfile.__file__).resolve(), Path(graph.__file__).resolve())
    # the config's key, then the checked settings' (infra/config.py checks them, and leaves
    # what it is unsure of to infra/config_models.py's pydantic models)
    infra = ROOT / "infra"
    assert seen == [code, (*code, infra / "config.py", infra / "config_models.py")]
