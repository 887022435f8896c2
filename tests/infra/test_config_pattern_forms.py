"""A stack key refused for its form says what the form looks like, not the regular expression
(s12-review: `indexplan:database.instance: String should match pattern '^db\\.[a-z]...'`)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from infra import config_models
from infra.config import PATTERN_FORMS, StackConfigError


def _patterns(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["pattern"]} if isinstance(schema.get("pattern"), str) else set()
        return found.union(*(_patterns(v) for v in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_patterns(v) for v in schema))
    return set()


MODELS = [
    model
    for _, model in inspect.getmembers(config_models, inspect.isclass)
    if issubclass(model, config_models._Strict) and model is not config_models._Strict
]


def test_every_pattern_a_stack_key_must_match_has_a_form_a_person_can_read():
    used = set().union(*(_patterns(model.model_json_schema()) for model in MODELS))
    assert len(used) >= 8  # db, cache, hostname, image, B2 region, versions...
    assert used <= set(PATTERN_FORMS), used - set(PATTERN_FORMS)


@pytest.mark.parametrize(
    ("model", "data", "message"),
    [
        (
            "RdsDatabase",
            {"instance": "db.t4g.smol", "storage_gb": 50},
            "indexplan:database.instance: expected an RDS instance class such as db.t4g.small, "
            "got 'db.t4g.smol'",
        ),
        (
            # pydantic says ", got a number with a fractional part"; the value is said once
            "RdsDatabase",
            {"instance": "db.t4g.small", "storage_gb": 50.5},
            "indexplan:database.storage_gb: Input should be a valid integer, got 50.5",
        ),
    ],
)
def test_the_refusal_names_the_form_and_the_value_once(model, data, message):
    with pytest.raises(StackConfigError) as refused:
        config_models.validate(getattr(config_models, model), data, "S.yaml", "indexplan:database")
    assert str(refused.value).endswith(message), str(refused.value)
