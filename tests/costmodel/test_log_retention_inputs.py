"""A log bucket's lifecycle rule comes from the user's preview or plan, so its parts may be
anything: a rule whose `action` or `condition` is not a mapping leaves the retention unknown
(unpriced), never an internal error (found by tests/validation/test_validation_fuzz.py: a
`condition` of `1` crashed `estimate --from-preview`)."""

from __future__ import annotations

import pytest
from costmodel_helpers import res

from costmodel.model.components import Unpriceable
from costmodel.model.resources.log_streams import retained_days

BUCKET = "gcp:storage/bucket:Bucket"


@pytest.mark.parametrize(
    "rule",
    [
        {"action": {"type": "Delete"}, "condition": 1},
        {"action": 1, "condition": {"age": 30}},
        {"action": {"type": "Delete"}, "condition": {"age": True}},
        "Delete after 30 days",
    ],
)
def test_a_rule_that_is_not_a_mapping_of_mappings_leaves_retention_unknown(rule):
    with pytest.raises(Unpriceable, match="no Delete rule by age"):
        retained_days(res(BUCKET, "logs", "analytics", lifecycleRules=[rule]))


def test_a_delete_rule_by_age_gives_its_days():
    rules = [{"action": {"type": "Delete"}, "condition": {"age": 30}}]
    assert retained_days(res(BUCKET, "logs", "analytics", lifecycleRules=rules)) == 30.0
