"""A usage file's key that names no resource is bad input, never a silent fallback to the
scenario's usage (s7-review finding 8): one line naming the file, the key and the closest
names, exit 2. These failed before the fix (exit 0, the typo a note at the end of the report).

The plan is tests/fixtures/terraform/gate/base.plan.json: aws_db_instance.db,
aws_nat_gateway.nat and aws_sqs_queue.jobs[0], in eu-west-1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_run import run

PLAN = Path(__file__).resolve().parent.parent / "fixtures" / "terraform" / "gate" / "base.plan.json"


def estimate(capsys, tmp_path: Path, usage: str) -> tuple[int, str, str, str]:
    path = tmp_path / "infracost-usage.yml"
    path.write_text("version: 0.1\n" + usage)
    code, out, err = run(
        capsys, "estimate", "--from-terraform-plan", str(PLAN), "-s", "pypi-2026",
        "--usage", str(path), "-f", "json",
    )  # fmt: skip
    return code, out, err, str(path)


@pytest.mark.parametrize(
    ("usage", "field", "expected"),
    [
        # the reviewer's case: one letter off an address
        ("resource_usage:\n  aws_sqs_queue.job[0]: {monthly_requests: 3}\n",
         "resource_usage.aws_sqs_queue.job[0]",
         "no such resource in the plan; closest: aws_sqs_queue.jobs[0]"),
        # a pattern that matches no instance
        ("resource_usage:\n  aws_sqs_queue.job[*]: {monthly_requests: 3}\n",
         "resource_usage.aws_sqs_queue.job[*]",
         "no such resource in the plan; closest: aws_sqs_queue.jobs[0]"),
        # nothing close: the known addresses
        ("resource_usage:\n  aws_lambda_function.f: {monthly_requests: 3}\n",
         "resource_usage.aws_lambda_function.f",
         "no such resource in the plan; known: aws_db_instance.db, aws_nat_gateway.nat, "
         "aws_sqs_queue.jobs[0]"),
        # a type default one letter off a type of the plan
        ("resource_type_default_usage:\n  aws_sqs_queu: {monthly_requests: 3}\n",
         "resource_type_default_usage.aws_sqs_queu",
         "no resource of this type in the plan; closest: aws_sqs_queue"),
    ],
)  # fmt: skip
def test_a_key_that_names_nothing_is_refused(capsys, tmp_path, usage, field, expected):
    code, out, err, path = estimate(capsys, tmp_path, usage)
    assert (code, out) == (2, "")
    assert err == f"{path}: {field}: {expected}\n"


def test_a_type_default_the_plan_has_none_of_is_a_note(capsys, tmp_path):
    # a shared usage file's defaults for types this workspace does not have
    code, out, err, _ = estimate(
        capsys, tmp_path, "resource_type_default_usage:\n  aws_lambda_function: {requests: 3}\n"
    )
    assert (code, err) == (0, "")
    assert (
        "usage file: resource_type_default_usage.aws_lambda_function: no resource of this type "
        "in the plan"
    ) in out


def test_the_data_processed_key_says_why_it_is_not_used_beside_a_nat_gateway(capsys, tmp_path):
    # a NAT gateway's is read (tests/terraform/test_plans_nat_gateway.py, since session 8); a
    # queue has no such figure
    usage = "resource_usage:\n  aws_sqs_queue.jobs[0]: {monthly_data_processed_gb: 5}\n"
    code, out, err, _ = estimate(capsys, tmp_path, usage)
    assert (code, err) == (0, "")
    assert (
        "usage file: resource_usage.aws_sqs_queue.jobs[0]: monthly_data_processed_gb not used: "
        "indexplan reads the bytes processed only for aws_nat_gateway"
    ) in out
