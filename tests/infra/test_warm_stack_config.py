"""parse_stack_config checks a stack file with plain code and makes plain objects; a sizing
block the plain check is not sure of goes to its pydantic model (infra/config_models.py), which
reads it or refuses it. These tests hold the two ways equal: for every shipped stack and for
stacks with each CDN in front of each storage and every optional role, the config made the
plain way is, value for value and type for type, the one the models make of the same file
(as `pulumi up` without indexplan's caches always could: both are the program's own code)."""

from __future__ import annotations

from typing import Any

import pytest
from stack_fixtures import SHIPPED_ALL, config_of, mixed_config, whole_gcp_config
from test_infra_graph_builder import ORIGIN_ACCESS

from infra import config as stack_config
from infra.config import StackConfigError, parse_stack_config

CONFIGS: dict[str, dict[str, Any]] = {
    **{name: config_of(name) for name in SHIPPED_ALL},
    **{
        f"{cdn} in front of {storage}": mixed_config(
            cdn, storage, "gcp" if storage == "aws" else "aws"
        )
        for cdn, storage in sorted(ORIGIN_ACCESS)
    },
    "all-gcp with app, search and monitoring": whole_gcp_config(),
}


def shape(value: Any) -> Any:
    """A value with the type of every part spelled out: 1 and 1.0 differ, as do dict and list;
    a block by its class and its values."""
    if isinstance(value, stack_config._Block):
        return (type(value).__name__, shape(value.values()))
    if isinstance(value, dict):
        return ("dict", [(shape(k), shape(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [shape(v) for v in value])
    return (type(value).__name__, repr(value))


def send_every_block_to_its_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the plain check were sure of nothing: every block is read by its pydantic model."""
    monkeypatch.setattr(stack_config._Block, "read", classmethod(lambda cls, data: None))


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_the_plain_config_is_what_the_models_make_of_it(name, monkeypatch):
    where = f"Pulumi.{name}.yaml"
    plain = parse_stack_config(CONFIGS[name], where)
    # each sizing block this stack has was taken by the plain check (no model built)
    read = stack_config._Block.read.__func__  # type: ignore[attr-defined]
    for role in stack_config.SIZING_BLOCKS:
        block = getattr(plain, role)
        if role in plain.roles and CONFIGS[name].get(f"indexplan:{role}") is not None:
            assert read(type(block), CONFIGS[name][f"indexplan:{role}"]) is not None, role
    send_every_block_to_its_model(monkeypatch)
    modelled = parse_stack_config(CONFIGS[name], where)
    assert modelled == plain
    for field in stack_config.StackConfig.__slots__:
        assert shape(getattr(plain, field)) == shape(getattr(modelled, field)), field


def test_sponsor_terms_are_copied_not_shared():
    # The config read from the file is not part of the settings
    config = config_of("pypi-2021")
    settings = parse_stack_config(config, "Pulumi.pypi-2021.yaml")
    assert settings.sponsors  # pypi-2021 has sponsors, so this checks something
    for provider, terms in settings.sponsors.items():
        assert terms == config["indexplan:sponsors"][provider]
        assert terms is not config["indexplan:sponsors"][provider]


def test_the_config_and_its_blocks_are_frozen():
    settings = parse_stack_config(config_of("all-aws"), "Pulumi.all-aws.yaml")
    with pytest.raises(AttributeError, match="frozen"):
        settings.domain = "other.org"
    with pytest.raises(AttributeError, match="frozen"):
        settings.storage.archive = True  # type: ignore[misc]


@pytest.mark.parametrize("plain", [True, False], ids=["plain check first", "models only"])
def test_a_bad_sizing_block_is_still_refused(plain, monkeypatch):
    if not plain:
        send_every_block_to_its_model(monkeypatch)
    config = mixed_config("aws", "aws")
    config["indexplan:cache"] = {"node_type": "cache.t4g.medium", "nodes": True}
    with pytest.raises(StackConfigError) as raised:
        parse_stack_config(config, "Pulumi.test.yaml")
    expected = "indexplan:cache.nodes: must be a number, not true or false, got True"
    assert str(raised.value) == f"Pulumi.test.yaml: {expected}"


def test_a_number_as_text_is_read_by_the_model():
    # The plain check takes only an int for `nodes`; pydantic's lax mode reads "3" as 3, as it
    # always did for this key, so the block is the model's reading of it.
    config = mixed_config("aws", "aws")
    config["indexplan:cache"] = {"node_type": "cache.t4g.medium", "nodes": "3"}
    assert stack_config.ElastiCacheCache.read(config["indexplan:cache"]) is None
    cache = parse_stack_config(config, "Pulumi.test.yaml").cache
    assert cache == stack_config.ElastiCacheCache(node_type="cache.t4g.medium", nodes=3)
    assert type(cache.nodes) is int  # type: ignore[union-attr]
