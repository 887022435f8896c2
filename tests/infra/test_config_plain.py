"""The plain check of a sizing block (infra/config.py, _Key and _Block.read) against its
pydantic model (infra/config_models.py), which stays the word on what is refused and how the
message reads. The plain check may leave a value to the model (None: "not sure"), but what it
takes, the model must take too, and read as the same values of the same types. Held here two
ways: the keys each side declares, and every block of the shipped stacks with each key in turn
set to values either side of each bound, of each wrong type, and left out."""

from __future__ import annotations

import math
from typing import Any

import pytest
from stack_fixtures import SHIPPED_ALL, config_of, whole_gcp_config

from infra import config, config_models
from infra.config import HostNames, StackConfigError, _Block

BLOCKS: list[type[_Block]] = [b for by in config.SIZING_BLOCKS.values() for b in by.values()]
BLOCKS.append(HostNames)


def model_of(block: type[_Block]) -> Any:
    return getattr(config_models, block.MODEL or block.__name__)


def bounds(field: Any) -> dict[str, Any]:
    """The model's constraints on a field, in _Key's words."""
    found: dict[str, Any] = {}
    for item in field.metadata:
        for constraint, ours in (("ge", "low"), ("le", "high"), ("gt", "above"),
                                 ("pattern", "pattern"), ("max_length", "longest")):  # fmt: skip
            if getattr(item, constraint, None) is not None:
                found[ours] = getattr(item, constraint)
    return found


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.__name__)
def test_each_block_declares_the_keys_its_model_does(block):
    from pydantic_core import PydanticUndefined

    model = model_of(block)
    assert list(block.KEYS) == list(model.model_fields)  # same names, same order
    for name, key in block.KEYS.items():
        field = model.model_fields[name]
        default = config._REQUIRED if field.default is PydanticUndefined else field.default
        assert key.default == default, name
        declared = {
            ours: getattr(key, ours)
            for ours in ("low", "high", "above", "pattern", "longest")
            if getattr(key, ours) is not None
        }
        assert declared == bounds(field), name


# Values tried for every key: each wrong type, near-misses of the right one, and the values
# either side of each bound (added per key below).
ODD_VALUES: list[Any] = [
    True, False, None, 0, 1, -1, 2, 1.0, 1.5, 0.08, 0.25, 8.0, math.nan, math.inf, 10**20,
    "", "1", "x", "yes", "true", "US", "us", "US\n", "é", "ZONAL", "BASIC", "redis",
    "db.t4g.micro", "db.t4g.4xlarge", "cache.t4g.large", "db-custom-2-7680", "db-custom-3-7680",
    "us-west-004", "example.org", "a" * 254, [], {}, ["x"], {"a": 1},
]  # fmt: skip


def near(key: config._Key) -> list[Any]:
    values: list[Any] = []
    for bound in (key.low, key.high, key.above):
        if bound is not None:
            values += [bound - 1, bound, bound + 1, bound - 0.5, float(bound)]
    values += list(key.choices)
    if key.default not in (config._REQUIRED, None):
        values.append(key.default)
    return values


def example_blocks() -> list[tuple[type[_Block], dict[str, Any]]]:
    """Every sizing block written in the shipped stacks (and a whole GCP index), by its block."""
    found = []
    for stack in [config_of(name) for name in SHIPPED_ALL] + [whole_gcp_config()]:
        roles = config.parse_stack_config(stack, "stack").roles
        for role, by_provider in config.SIZING_BLOCKS.items():
            written = stack.get(f"indexplan:{role}")
            if isinstance(written, dict) and roles.get(role) in by_provider:
                found.append((by_provider[roles[role]], written))
        names = {"domain": stack["indexplan:domain"], "files_hostname": "files.example.org"}
        found.append((HostNames, names))
    # blocks no shipped stack writes, and B2's lock (its model's own validator)
    found += [
        (config.CloudflareCdnPlan, {"plan": "pro"}),
        (config.DatadogMonitoring, {"cdn_error_percent": 2.5, "queue_depth": 500}),
        (config.B2Storage, {"region": "us-west-004", "file_lock": True, "lock_days": 30}),
    ]
    return found


def test_the_examples_cover_every_block():
    assert {block for block, _ in example_blocks()} == set(BLOCKS)


def variants(block: type[_Block], written: dict[str, Any]) -> list[dict[str, Any]]:
    out = [written, {**written, "extra": 1}]
    for name, key in block.KEYS.items():
        out.append({k: v for k, v in written.items() if k != name})
        out += [{**written, name: value} for value in ODD_VALUES + near(key)]
    return out


def by_model(block: type[_Block], data: dict[str, Any]) -> Any:
    """The model's reading as a block, or the message it refuses with."""
    try:
        read = config_models.validate(model_of(block), data, "stack", "indexplan:x")
    except StackConfigError as refused:
        return str(refused)
    return block(**{name: getattr(read, name) for name in block.KEYS})


def typed(block: _Block) -> list[tuple[str, Any]]:
    return [(type(v).__name__, v) for v in block.values().values()]


def test_what_the_plain_check_takes_the_model_takes_as_the_same_values():
    taken = left = 0
    for block, written in example_blocks():
        for data in variants(block, written):
            plain = block.read(data)
            if plain is None:
                left += 1
                continue
            taken += 1
            modelled = by_model(block, data)
            assert modelled == plain, (block.__name__, data)
            assert typed(modelled) == typed(plain), (block.__name__, data)
    # Both sides were exercised: the shipped blocks themselves are taken plainly, and every
    # wrong type and out-of-bound value is left to the model.
    assert taken > 100 and left > 1000, (taken, left)


def test_a_float_key_given_an_int_holds_a_float_as_the_model_does():
    # DatadogMonitoring.cdn_error_percent: float; pydantic reads 2 as 2.0
    plain = config.DatadogMonitoring.read({"cdn_error_percent": 2})
    assert plain is not None
    assert type(plain.cdn_error_percent) is float and plain.cdn_error_percent == 2.0
