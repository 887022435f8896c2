"""A wrong `aws:region` or `gcp:region` names the closest real ones, whether or not the typo
keeps a region's form (review s12, ranked finding 11: `eu-west-l` got none, `mars-north-1` did)."""

from __future__ import annotations

import pytest
from stack_fixtures import config_of, write_stack

from indexplan.cli import main

AWS_EXPECTED = "must be an AWS region such as us-east-1"
GCP_EXPECTED = "must be a Google Cloud region such as us-central1"


def refusal(capsys, tmp_path, key: str, value: object, stack: str = "pypi-2021") -> str:
    config = config_of(stack)
    config[key] = value
    path = write_stack(tmp_path, "typo", config)
    code = main(["resources", str(path)])
    out, err = capsys.readouterr()
    assert (code, out, err.count("\n")) == (2, "", 1), err
    assert err.startswith(f"{path}: {key}: "), err
    return err.removeprefix(f"{path}: {key}: ").rstrip("\n")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # difflib's ratio 2*M/T: eu-west-l has 8 of 9 characters in common with eu-west-1, -2
        # and -3 (16/18 = 0.89 each) and with no other region as many (us-west-1: 7, 0.78);
        # equally close names in name order, so eu-west-1 first.
        ("eu-west-l", f"{AWS_EXPECTED}, got 'eu-west-l'; closest: eu-west-1, eu-west-2, eu-west-3"),
        # compared lower-case: EU-WEST-1 is eu-west-1 (1.0), then eu-west-2, eu-west-3 and
        # us-west-1 (8 of 9 each: 0.89), the first two of those in name order
        ("EU-WEST-1", f"{AWS_EXPECTED}, got 'EU-WEST-1'; closest: eu-west-1, eu-west-2, eu-west-3"),
        # too short for the form: us-east-1 and -2 share its 7 characters (14/16 = 0.88),
        # then sa-east-1 ("s", "-east"), us-west-1 and -2 ("us-", "est") with 6 (12/16 = 0.75):
        # sa-east-1 first in name order
        ("us-east", f"{AWS_EXPECTED}, got 'us-east'; closest: us-east-1, us-east-2, sa-east-1"),
        # the form of a region but no such one: as before, in the new order. cn-north-1 and
        # eu-north-1 share "-north-1" (16/22 = 0.73), ap-northeast-1 "a", "-north", "-1"
        # (18/26 = 0.69); cn before eu (difflib's order put eu first)
        (
            "mars-north-1",
            f"{AWS_EXPECTED} (a region pulumi-aws knows), got 'mars-north-1'; "
            "closest: cn-north-1, eu-north-1, ap-northeast-1",
        ),
        # nothing near (no region reaches 0.6): no closest part at all
        ("x", f"{AWS_EXPECTED}, got 'x'"),
    ],
)
def test_a_wrong_aws_region_names_the_closest(capsys, tmp_path, value, message):
    assert refusal(capsys, tmp_path, "aws:region", value) == message


def test_a_long_value_is_quoted_short_and_not_compared(capsys, tmp_path):
    # 200 characters: cut to 80 in the message (quoted()), and never handed to difflib
    value = "eu-west-" + "l" * 192
    expected = f"{AWS_EXPECTED}, got {repr(value)[:79]}…"
    assert refusal(capsys, tmp_path, "aws:region", value) == expected


def test_a_gcp_region_typo_outside_the_form_names_the_closest(capsys, tmp_path):
    # europe-westl fails the form (no digit); europe-west1, -2, -3, -4 and -6 all share 11 of
    # its 12 characters (22/24 = 0.92): the first three in name order
    message = refusal(capsys, tmp_path, "gcp:region", "europe-westl", stack="all-gcp")
    assert message == (
        f"{GCP_EXPECTED}, got 'europe-westl'; closest: europe-west1, europe-west2, europe-west3"
    )
