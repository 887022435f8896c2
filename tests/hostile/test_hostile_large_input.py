"""The shortcuts that make a 10^5-resource preview fast keep every answer and every refusal of
the plain code they replace (issue 16, bounded work): JSON written by orjson, whole cents
without Decimal, prices and tier lines worked out once, the collector paused, YAML's bound."""

from __future__ import annotations

import gc
import json
import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hostile_cli import cli, write
from hypothesis import given
from hypothesis import strategies as st

from costmodel.errors import json_printable
from costmodel.files.collector import collector_paused
from costmodel.files.userfile import MAX_YAML_BYTES
from costmodel.model.money import round_cents
from indexplan.paths import ROOT
from indexplan.render.jsonout import render_json


def _stdlib_json(data: object) -> str:
    """What render_json wrote before orjson: the reference it must agree with."""
    return json_printable(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


def _decimal_cents(dollars: float) -> int:
    """money.round_cents as it was: the decimal the float prints as, halves away from zero."""
    return int(Decimal(repr(dollars)).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


REPORT_LIKE = {
    "stack": "s\x1b]0;title\x07",  # escaped by json.dumps itself
    "scenario": "caf\xe9 \u202eevil \x9b \x7f",  # escaped by json_printable
    "totals": {"list_monthly_usd": 1234.56, "sponsored_monthly_usd": 0.0},
    "line_items": [
        {"quantity": 12.5, "unit_price_usd": 0.085, "role": None, "ok": True},
        {"quantity": 1e16, "unit_price_usd": 0.5, "locations": ("eu", "us")},
    ],
    "unpriced": [],
    "assumptions": {"notes": [], "prices": [{}], "nested": [[[]]]},
}


def test_json_is_the_standard_librarys_text():
    assert render_json(REPORT_LIKE) == _stdlib_json(REPORT_LIKE)


@pytest.mark.parametrize(
    "data",
    [
        {"big": 2**70},  # past orjson's 64 bits
        {1: "a", None: "b", 2.5: "c", False: "d"},  # keys json.dumps turns into text
        {"name": "bucket-\udce9"},  # a file name's undecodable byte, kept as a surrogate
        "plain text",
        7,
        [],
    ],
)
def test_what_orjson_does_not_take_is_written_as_before(data):
    assert render_json(data) == _stdlib_json(data)


def test_small_floats_are_the_same_numbers():
    # orjson writes 4e-7 and 0.00008 where json.dumps writes 4e-07 and 8e-05: the same values
    data = {"per_request": 4e-07, "quantity": 8e-05, "third": 1 / 3}
    assert json.loads(render_json(data)) == data


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "where",
    [
        lambda x: x,
        lambda x: [1, x],
        lambda x: {"a": {"b": (2.0, x)}},
        lambda x: [[[x]]],
        lambda x: {"a": defaultdict(list, {"b": [x]})},  # orjson writes subclasses of dict
    ],
)
def test_non_finite_floats_are_refused_not_written_as_null(bad, where):
    with pytest.raises(ValueError, match="not JSON compliant"):
        render_json(where(bad))


def test_nan_past_orjsons_depth_and_cycles_are_still_refused():
    deep: list[object] = []
    inner = deep
    for _ in range(300):  # deeper than orjson goes: json.dumps writes and checks it
        inner.append([])
        inner = inner[0]  # type: ignore[assignment]
    inner.append(math.nan)
    with pytest.raises(ValueError, match="not JSON compliant"):
        render_json(deep)
    loop: list[object] = []
    loop += [loop, loop]  # the check stops at orjson's depth rather than walking 2^254 paths
    with pytest.raises(ValueError, match="Circular reference"):
        render_json(loop)


HALVES = st.integers(min_value=-(10**12), max_value=10**12).map(lambda n: (n + 0.5) / 100)


# past 10^25 dollars Decimal's 28 digits cannot hold the cents: both refuse (below)
DOLLARS = st.floats(min_value=-1e25, max_value=1e25)


@given(st.one_of(DOLLARS, HALVES))
def test_cents_are_the_decimal_rounding(dollars):
    # HALVES are x.xx5 dollars as floats, where a float product is nearest a half cent
    assert round_cents(dollars) == _decimal_cents(dollars)


def test_cents_of_known_halves():
    # 2.675 is 2.67499999999999982236431605997495353221893310546875 as a float, but prints as
    # 2.675, and an invoice of $2.675 rounds to $2.68; 1.005 likewise to $1.01
    assert [round_cents(x) for x in (2.675, 1.005, 0.005, -0.005, -2.675)] == [
        268,
        101,
        1,
        -1,
        -268,
    ]


@pytest.mark.parametrize("bad", [math.nan, math.inf, 1e26, 1e300])
def test_cents_of_impossible_amounts_fail_as_before(bad):
    with pytest.raises(Exception) as new:
        round_cents(bad)
    with pytest.raises(Exception) as old:
        _decimal_cents(bad)
    assert type(new.value) is type(old.value)


def test_collector_is_back_on_after_any_block():
    @collector_paused()
    def nested(levels: int) -> bool:
        if levels:
            nested(levels - 1)
        return gc.isenabled()

    assert gc.isenabled()
    assert nested(3) is False  # the same decorator entered four times over
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_yaml_past_its_bound_is_refused_by_size(tmp_path):
    # sparse: never read, refused by its size; 2 MB is YAML's bound (JSON keeps 10 MB)
    path = tmp_path / "big.yaml"
    with path.open("wb") as out:
        out.truncate(MAX_YAML_BYTES + 1)
    line = cli("estimate", "pypi-2021", "-s", path).refused()
    assert line == f"{path}: larger than 2 MB; not a scenario"


def test_yaml_within_its_bound_is_read(tmp_path):
    scenario = (ROOT / "scenarios" / "pypi-2021.yaml").read_text()
    padding = "# " + "x" * 97 + "\n"  # 100 bytes
    text = scenario + padding * ((MAX_YAML_BYTES - len(scenario)) // 100)
    path = write(tmp_path / "padded.yaml", text)
    assert MAX_YAML_BYTES - 100 < path.stat().st_size <= MAX_YAML_BYTES
    out = cli("estimate", "pypi-2021", "-s", path, "-f", "json").ok()
    assert json.loads(out)["scenario"] == "pypi-2021"
