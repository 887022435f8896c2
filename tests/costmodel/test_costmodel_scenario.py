"""Scenario files: every way one can be wrong is one line naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from costmodel.errors import InputError
from costmodel.model.scenario import load_scenario
from indexplan.paths import SCENARIOS_DIR

SHIPPED = ("pypi-2016", "pypi-2021", "pypi-2023", "pypi-2025", "pypi-2026")


def write(tmp_path: Path, text: str | bytes, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def error(path: Path) -> str:
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    return str(exc.value).replace(str(path.parent) + "/", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "traffic: {egress: 1 TB/month, cache_hit_ratio: 1.7}",
            "x.yaml: traffic.cache_hit_ratio: must be between 0 and 1, got 1.7",
        ),
        ("traffic: {egres: 1}", "x.yaml: traffic.egres: unknown key (not one this file takes)"),
        ("traffic: {}", "x.yaml: traffic.egress: required key is missing"),
        ("name: x", "x.yaml: traffic: required key is missing"),
        (
            "traffic: {egress: 1 TB/month}\nstorage: {stored: 5 TB/day}",
            "x.yaml: storage.stored: is an amount, not a rate; drop the /day, got '5 TB/day'",
        ),
        (
            "traffic: {egress: 1 TB/month, regions: {north_america: 0.5, europe: 0.4}}",
            "x.yaml: traffic.regions: shares must sum to 1 (±0.001), got 0.9",
        ),
        (
            "traffic: {egress: 1 TB/month, regions: {mars: 1}}",
            "x.yaml: traffic.regions: unknown region 'mars'; known: north_america, europe, "
            "asia_pacific, japan, india, oceania, south_america, africa, middle_east",
        ),
        (
            "traffic: {egress: [1, 2]}",
            "x.yaml: traffic.egress: expected a number or a string like '293.1 TB/month'",
        ),
        (
            "traffic: {egress: 1 TB}\ngrowth: {per_year: 0}",
            "x.yaml: growth.per_year: must be between 0.01 and 101, got 0",
        ),
        ("traffic: {egress: 1 TB}\nas_of: soon", "x.yaml: as_of: Input should be a valid date"),
        ("- 1\n- 2", "x.yaml: (top level): must be a mapping, got list"),
        ("traffic:\n  egress: 1 TB\n requests: 5\n", "x.yaml: line 3: invalid YAML"),
        ("", "x.yaml: empty file; expected a scenario"),
    ],
)
def test_bad_scenarios_are_one_line(tmp_path, text, expected):
    message = error(write(tmp_path, text))
    assert message.startswith(expected), message
    assert "\n" not in message


def test_shares_within_the_tolerance_are_accepted_and_rescaled(tmp_path):
    # 0.6 + 0.3995 = 0.9995, within ±0.001; rescaled so all egress is split
    path = write(tmp_path, "traffic: {egress: 1 TB, regions: {north_america: 0.6, europe: 0.3995}}")
    regions = load_scenario(path).regions
    assert sum(regions.values()) == pytest.approx(1.0)
    assert regions["north_america"] == pytest.approx(0.6 / 0.9995)


def test_file_level_problems(tmp_path):
    assert error(tmp_path / "missing.yaml") == "missing.yaml: no such file"
    (tmp_path / "dir.yaml").mkdir()
    assert error(tmp_path / "dir.yaml") == "dir.yaml: not a file (expected a scenario)"
    assert (
        error(write(tmp_path, b"\x00\x01\x02"))
        == "x.yaml: binary file; expected a scenario in YAML"
    )
    assert error(write(tmp_path, b"\xff\xfe oops")) == "x.yaml: not UTF-8 text (byte 0)"
    big = write(tmp_path, "# " + "x" * (2 * 1000 * 1000) + "\n", "big.yaml")
    assert error(big) == "big.yaml: larger than 2 MB; not a scenario"  # YAML's bound


def test_defaults_are_filled_and_recorded(tmp_path):
    scenario = load_scenario(write(tmp_path, "traffic: {egress: 500 GB/month}"))
    assert scenario.name == "x"  # the file's stem
    # one request per 500 kB of egress: 500e9 / 500e3 = 1e6
    assert scenario.requests == pytest.approx(1e6)
    assert scenario.cache_hit_ratio == 0.9
    assert scenario.regions == {"north_america": 1.0}
    used = dict(scenario.defaults_used)
    assert set(used) == {
        "traffic.requests",
        "traffic.cache_hit_ratio",
        "traffic.regions",
        "storage.stored",
        "storage.uploads",
        "queue.messages",
        "queue.message_size",
        "dns.queries",
        "statistics.stored",
        "growth.per_year",
    }
    assert used["traffic.regions"] == "all north_america"


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_load_with_a_source_and_date(name):
    scenario = load_scenario(SCENARIOS_DIR / f"{name}.yaml")
    assert scenario.name == name
    assert scenario.source and "docs/sources.md, row" in scenario.source
    assert scenario.as_of is not None
    assert "traffic.requests" not in dict(scenario.defaults_used)


def test_pypi_2021_is_the_peak_day_taken_as_a_month():
    scenario = load_scenario(SCENARIOS_DIR / "pypi-2021.yaml")
    # 900 TB/day x 30.4375 days = 27,393.75 TB; 2e9 requests/day x 30.4375
    assert scenario.egress == pytest.approx(27_393.75e12)
    assert scenario.requests == pytest.approx(60.875e9)
