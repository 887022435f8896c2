"""The program checks its own stack config, as under `pulumi up` where no indexplan runs: the
program (infra/__main__.py) under Pulumi's mocks, with no indexplan cache of the config
between (the real builder, not the test memo), declares the same resources whether each
sizing block is taken by infra/config.py's plain check or read by its pydantic model
(infra/config_models.py), and refuses a bad block with the same one line both ways."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from graph_memo import REAL_BUILD_GRAPH
from stack_fixtures import SHIPPED_ALL, shipped

from indexplan.stackfile import load_stack_file
from infra import config as stack_config
from infra.config import StackConfigError


def every_block_to_its_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stack_config._Block, "read", classmethod(lambda cls, data: None))


@pytest.mark.parametrize("name", SHIPPED_ALL)
def test_the_program_declares_the_same_resources_either_way(name, monkeypatch):
    stack = load_stack_file(shipped(name))
    plain = REAL_BUILD_GRAPH(stack)
    every_block_to_its_model(monkeypatch)
    assert REAL_BUILD_GRAPH(stack) == plain
    assert plain  # a graph was built


@pytest.mark.parametrize("plain", [True, False], ids=["plain check first", "models only"])
def test_the_program_refuses_a_bad_block_itself(plain, monkeypatch):
    if not plain:
        every_block_to_its_model(monkeypatch)
    stack = load_stack_file(shipped("pypi-2021"))
    config = copy.deepcopy(dict(stack.config))
    # ElastiCacheCache.nodes: Field(ge=1, le=6); 9 is over, pydantic's message names the bound
    config["indexplan:cache"] = {**config["indexplan:cache"], "nodes": 9}
    with pytest.raises(StackConfigError) as refused:
        REAL_BUILD_GRAPH(dataclasses.replace(stack, config=config))
    assert str(refused.value) == (
        "stacks/Pulumi.pypi-2021.yaml: indexplan:cache.nodes: "
        "Input should be less than or equal to 6, got 9"
    )
