"""A warm estimate and compare import no pydantic (issue 15: pydantic's import alone is about
half of `indexplan --help`): the scenario, the sponsors' terms, the stack's settings and the
catalog come from the cache as plain data, each value checked by plain code as it is read
(costmodel/files/checked.py). What the cache gives equals what validating the file gives, and
an entry that does not check out is never used: the file is validated again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from costmodel.errors import InputError
from costmodel.files import diskcache, parsed
from costmodel.files.yamlfile import load_yaml_mapping
from costmodel.model import scenario as scenarios
from costmodel.model import sponsorship
from indexplan.paths import ROOT
from indexplan.stackfile import StackSettings, load_stack_file

pytestmark = pytest.mark.usefixtures("own_cache")  # an empty cache of its own (conftest)

SHIPPED_SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))

# What a command imports, printed after it ran: the whole CLI in one process.
PROBE = """
import contextlib, io, sys
from indexplan import cli
with contextlib.redirect_stdout(io.StringIO()):
    code = cli.main(sys.argv[1:])
print(code, sorted(m for m in sys.modules if m == "pydantic" or m.startswith("pydantic.")))
"""


def imported(args: list[str], cache: Path) -> tuple[int, list[str]]:
    env = {**os.environ, "INDEXPLAN_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True
    )
    code, _, modules = run.stdout.strip().partition(" ")
    return int(code), json.loads(modules.replace("'", '"'))


@pytest.mark.parametrize(
    "args",
    [["estimate", "pypi-2021", "--scenario", "pypi-2021"], ["compare"]],
    ids=["estimate", "compare"],
)
def test_a_warm_command_imports_no_pydantic(args, tmp_path):
    cache = tmp_path / "cache"
    code, cold = imported(args, cache)  # fills the caches: validates every file
    assert code == 0 and "pydantic" in cold
    assert imported(args, cache) == (0, [])  # warm: plain data alone


def test_a_warm_command_on_a_changed_file_validates_it(tmp_path):
    """The proof the probe sees pydantic: a scenario the cache does not hold is validated."""
    cache = tmp_path / "cache"
    scenario = tmp_path / "edited.yaml"
    scenario.write_text((ROOT / "scenarios" / "pypi-2021.yaml").read_text() + "\n# edited\n")
    args = ["estimate", "pypi-2021", "--scenario", str(scenario)]
    imported(args, cache)
    assert imported(args, cache) == (0, [])
    scenario.write_text(scenario.read_text() + "# again\n")
    assert "pydantic" in imported(args, cache)[1]


@pytest.mark.parametrize("path", SHIPPED_SCENARIOS, ids=lambda p: p.stem)
def test_a_cached_scenario_is_the_validated_one(path):
    validated = scenarios.parse_scenario(
        load_yaml_mapping(path, "a scenario"), str(path), path.stem
    )
    first, cached = scenarios.load_scenario(path), scenarios.load_scenario(path)
    # repr: every field, its type too (1 and 1.0 differ there, as do a tuple and a list)
    assert repr(first) == repr(cached) == repr(validated)


def entry(kind: str) -> Path:
    (found,) = (diskcache.cache_dir() / parsed.FOLDER).glob(f"{kind}-*.json")
    return found


def rewrite(path: Path, change) -> None:
    """The entry's payload changed by `change`, its header's SHA-256 made to match (what a
    damaged or forged entry would be: the header alone would refuse anything else)."""
    header, _, payload = path.read_bytes().partition(b"\n")
    value = json.loads(payload)
    change(value)
    payload = json.dumps(value).encode()
    head = json.loads(header) | {"sha256": parsed.hashlib.sha256(payload).hexdigest()}
    path.write_bytes(json.dumps(head).encode() + b"\n" + payload)


def _set(**values: Any):
    return lambda entry: entry.update(values)


NO_PEAK = {"egress": None, "requests": None}
# Each a value no scenario file can give (the file models' ranges and types).
DAMAGED_SCENARIOS = {
    "negative egress": _set(egress=-1.0),
    "egress past 1 ZB": _set(egress=2e21),
    "an int, not a float": _set(stored=10**13),
    "a text figure": _set(requests="3e9"),
    "a ratio above 1": _set(cache_hit_ratio=1.5),
    "an unknown region": _set(regions={"atlantis": 1.0}),
    "regions summing to a half": _set(regions={"europe": 0.5}),
    "an impossible date": _set(as_of="2021-02-30"),
    "growth past its range": _set(growth_per_year=1000.0),
    "a zero peak": _set(peaks={"day": {"egress": 0.0, "requests": None}, "hour": NO_PEAK}),
    "a usage file's figure": _set(gateway_processed=1.0),
    "a field too many": _set(colour="red"),
    "a field missing": lambda entry: entry.pop("egress"),
    "not an object": lambda entry: entry.clear(),
}


@pytest.mark.parametrize("change", DAMAGED_SCENARIOS.values(), ids=DAMAGED_SCENARIOS.keys())
def test_a_damaged_scenario_entry_is_never_used(change, monkeypatch):
    path = ROOT / "scenarios" / "pypi-2021.yaml"
    good = scenarios.load_scenario(path)
    rewrite(entry("scenario"), change)
    validated: list[str] = []
    parse = scenarios.parse_scenario
    monkeypatch.setattr(scenarios, "parse_scenario", lambda *a: validated.append(a[1]) or parse(*a))
    assert repr(scenarios.load_scenario(path)) == repr(good)
    assert validated == [str(path)]  # validated from the file again, and stored again
    assert repr(scenarios.load_scenario(path)) == repr(good) and len(validated) == 1


def test_a_bad_scenario_fails_alike_every_time_and_is_not_stored(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("traffic:\n  egress: 5 TB/month\n  cache_hit_ratio: 1.5\n")
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as raised:
            scenarios.load_scenario(path)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith(f"{path}: traffic.cache_hit_ratio: ")
    assert not list((diskcache.cache_dir() / parsed.FOLDER).glob("scenario-*.json"))


TERMS = {"aws": {"credit_monthly_usd": 7000, "until": "2027-06"}, "fastly": {"covers": 1}}
# What the file model gives (checked by hand): numbers as floats, every field filled.
EXPECTED_TERMS = {
    "aws": sponsorship.SponsorTerms(credit_monthly_usd=7000.0, until="2027-06"),
    "fastly": sponsorship.SponsorTerms(covers=1.0),
}


def test_cached_sponsors_are_the_validated_ones():
    config = {sponsorship.KEY: TERMS}
    first = sponsorship.parse_sponsors(config, "Pulumi.x.yaml")
    cached = sponsorship.parse_sponsors(config, "Pulumi.x.yaml")
    assert repr(first) == repr(cached) == repr(EXPECTED_TERMS)


DAMAGED_TERMS = {
    "covers above 1": lambda e: e["fastly"].update(covers=2.0),
    "a negative credit": lambda e: e["aws"].update(credit_monthly_usd=-1.0),
    "not a month": lambda e: e["aws"].update(until="2027-13"),
    "a month past the calendar": lambda e: e["aws"].update(until="2999-01"),
    "an unknown provider": lambda e: e.update(azure=e["aws"]),
    "a field missing": lambda e: e["aws"].pop("program"),
}


@pytest.mark.parametrize("change", DAMAGED_TERMS.values(), ids=DAMAGED_TERMS.keys())
def test_damaged_sponsors_are_never_used(change):
    config = {sponsorship.KEY: TERMS}
    sponsorship.parse_sponsors(config, "Pulumi.x.yaml")
    rewrite(entry("sponsors"), change)
    assert repr(sponsorship.parse_sponsors(config, "Pulumi.x.yaml")) == repr(EXPECTED_TERMS)


def test_bad_sponsors_fail_alike_every_time():
    config = {sponsorship.KEY: {"aws": {"covers": 1.5}}}
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as raised:
            sponsorship.parse_sponsors(config, "Pulumi.x.yaml")
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith("Pulumi.x.yaml: indexplan:sponsors.aws.covers: ")


@pytest.mark.parametrize(
    "change",
    [_set(aws_region=7), _set(gcp_region=""), _set(price_book=None, extra="x")],
    ids=["a number", "an empty name", "a field too many"],
)
def test_damaged_stack_settings_are_never_used(change, tmp_path):
    path = tmp_path / "Pulumi.all-aws.yaml"
    shutil.copy(ROOT / "stacks" / "Pulumi.all-aws.yaml", path)
    first = load_stack_file(path).settings
    # checked by hand in stacks/Pulumi.all-aws.yaml: aws:region us-east-1, no GCP, no book
    assert first == StackSettings(aws_region="us-east-1")
    rewrite(entry("settings"), change)
    assert load_stack_file(path).settings == first
