"""parse_stack_config assembles StackConfig from parts it has checked, without running
StackConfig's validator (every command reads a stack file; building that validator was a few
percent of a warm estimate). These tests hold the assembled config equal, value for value and
type for type, to what the validator makes of the same values, for every shipped stack and
for stacks with each CDN in front of each storage and every optional role."""

from __future__ import annotations

from typing import Any

import pytest
from stack_fixtures import SHIPPED_ALL, config_of, mixed_config, whole_gcp_config
from test_infra_graph_builder import ORIGIN_ACCESS

from infra.config import StackConfig, StackConfigError, parse_stack_config

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
    """A value with the type of every part spelled out: 1 and 1.0 differ, as do dict and list."""
    if isinstance(value, dict):
        return ("dict", [(shape(k), shape(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [shape(v) for v in value])
    return (type(value).__name__, repr(value))


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_the_assembled_config_is_what_validation_makes_of_it(name):
    config = parse_stack_config(CONFIGS[name], f"Pulumi.{name}.yaml")
    fields = {field: getattr(config, field) for field in config.model_fields_set}
    validated = StackConfig.model_validate(fields)
    assert validated == config
    assert config.model_fields_set == validated.model_fields_set
    for field in StackConfig.model_fields:
        assert shape(getattr(config, field)) == shape(getattr(validated, field)), field


def test_sponsor_terms_are_copied_not_shared():
    # As validation would: the config read from the file is not part of the settings
    config = config_of("pypi-2021")
    settings = parse_stack_config(config, "Pulumi.pypi-2021.yaml")
    assert settings.sponsors  # pypi-2021 has sponsors, so this checks something
    for provider, terms in settings.sponsors.items():
        assert terms == config["indexplan:sponsors"][provider]
        assert terms is not config["indexplan:sponsors"][provider]


def test_the_assembled_config_is_frozen():
    settings = parse_stack_config(config_of("all-aws"), "Pulumi.all-aws.yaml")
    with pytest.raises(ValueError, match="frozen"):
        settings.domain = "other.org"


def test_a_bad_sizing_block_is_still_refused():
    # Its model is built on first use (defer_build); the message is the one it always was
    config = mixed_config("aws", "aws")
    config["indexplan:cache"] = {"node_type": "cache.t4g.medium", "nodes": True}
    with pytest.raises(StackConfigError) as raised:
        parse_stack_config(config, "Pulumi.test.yaml")
    expected = "indexplan:cache.nodes: must be a number, not true or false, got True"
    assert str(raised.value) == f"Pulumi.test.yaml: {expected}"
