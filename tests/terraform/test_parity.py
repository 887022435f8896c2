"""Parity: the all-aws setup written in HCL (tests/fixtures/terraform/all-aws), planned by
Terraform, prices as `indexplan estimate all-aws` prices the Pulumi program, to the cent,
resource by resource and component by component.

The HCL declares each resource as infra/ does and calls each role's module by the role's
name, so `module.storage.aws_s3_bucket.files` is the twin of `storage-files`. Not alike:
- the Pulumi program generates the database password (random_password, kept in Secrets
  Manager); the HCL lets RDS manage it (manage_master_user_password), so Secrets Manager and
  random resources have no twin;
- links the plan knows only after apply. The cost model finds an S3 bucket's lifecycle
  configuration by its Pulumi name (`storage-archive-lifecycle` under `storage-archive`) or in
  the bucket's own lifecycle rules, and a dead-letter queue by its name inside the other
  queue's redrive policy. The Pulumi graph (built under mocks) knows every ARN; a plan of
  new resources leaves the archive bucket's lifecycle rules and the tasks queue's redrive
  policy `[unknown]`. So on the plan the archive bucket is priced as a second files bucket and
  both queues share the messages. Both differences are asserted below, worked out by hand;
  an existing bucket's rules are known to a plan (test_plan_reader checks that path).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from costmodel.readers.terraform import read_plan
from tests.prices.helpers import run, run_json
from tests.terraform.plans import ALL_AWS, cents, lines_by_resource

PULUMI_ONLY = {"database-admin-credentials", "database-admin-credentials-version"}
LINK_UNKNOWN = {"storage-archive", "queue-tasks", "queue-dead-letter"}


def twin(address: str) -> str:
    """`module.storage.aws_s3_bucket.files` -> `storage-files` (the Pulumi program's name)."""
    match = re.fullmatch(r"module\.(\w+)\.\w+\.(\w+)(\[.*\])?", address)
    assert match, address
    return f"{match[1]}-{match[2].replace('_', '-')}"


@pytest.fixture
def pair(capsys, request):
    scenario = request.param
    pulumi = run_json(capsys, "estimate", "all-aws", "-s", scenario)
    terraform = run_json(capsys, "estimate", "--from-terraform-plan", ALL_AWS, "-s", scenario)
    return pulumi, terraform


SCENARIOS = ["pypi-2026", "pypi-2021"]


@pytest.mark.parametrize("pair", SCENARIOS, indirect=True)
def test_every_resource_declared_alike_prices_alike(pair):
    pulumi, terraform = pair
    ours = lines_by_resource(pulumi)
    theirs = {twin(k): v for k, v in lines_by_resource(terraform).items()}
    # the same resources have a bill, and the dead-letter queue too (see below)
    assert set(theirs) == set(ours) | {"queue-dead-letter"}
    alike = set(ours) - LINK_UNKNOWN
    assert alike >= {"cdn-distribution", "storage-files", "database-postgres", "cache-redis",
                     "dns-zone", "queue-mail-events"}  # fmt: skip
    for name in sorted(alike):
        assert theirs[name] == ours[name], name
    # types, roles and the unpriced resources (the KMS keys) of the twins agree too
    types = {twin(i["resource"]): (i["type"], i["role"]) for i in terraform["line_items"]}
    assert types.items() >= {(i["resource"], (i["type"], i["role"])) for i in pulumi["line_items"]}
    unpriced = [u for u in pulumi["unpriced"] if u["resource"] not in PULUMI_ONLY | LINK_UNKNOWN]
    assert [
        {**u, "resource": twin(u["resource"])}
        for u in terraform["unpriced"]
        if twin(u["resource"]) not in LINK_UNKNOWN
    ] == unpriced


@pytest.mark.parametrize("pair", SCENARIOS, indirect=True)
def test_links_a_plan_leaves_unknown_price_as_worked_out(pair):
    pulumi, terraform = pair
    ours = lines_by_resource(pulumi)
    theirs = {twin(k): v for k, v in lines_by_resource(terraform).items()}
    # The archive bucket, its lifecycle rules unknown, is priced as the files bucket is:
    # Standard storage, the uploads and the cache-miss GETs.
    assert theirs["storage-archive"] == ours["storage-files"]
    # Default queue usage: 1e6 messages, each a send, a receive and a delete, so 3e6 requests
    # with the first million free on each queue. Pulumi: all on the tasks queue, 2 million
    # paid x $0.40 = $0.80. Plan: 1.5 million on each queue, 0.5 million paid x $0.40 = $0.20.
    assert cents(ours["queue-tasks"]) == 80
    assert "queue-dead-letter" not in ours
    assert cents(theirs["queue-tasks"]) == cents(theirs["queue-dead-letter"]) == 20
    # and nothing else: the totals differ by exactly these lines
    difference = cents(theirs["storage-archive"]) - cents(ours["storage-archive"]) + (20 + 20 - 80)
    total = round(terraform["totals"]["list_monthly_usd"] * 100)
    assert total - round(pulumi["totals"]["list_monthly_usd"] * 100) == difference


def test_every_pulumi_resource_has_a_twin_in_the_plan(capsys):
    """Resource for resource, only the generated secrets and Pulumi's own are not alike."""
    code, out, _ = run(capsys, "resources", "all-aws", "--format", "json")
    assert code == 0
    pulumi = {
        (r["name"], r["type"])
        for r in json.loads(out)
        if not r["type"].startswith(("indexplan:", "pulumi:providers:", "random:"))
        and r["name"] not in PULUMI_ONLY
    }
    names = set()
    for r in read_plan(Path(ALL_AWS)).resources:
        match = re.fullmatch(r'module\.(\w+)\.\w+\.(\w+)(?:\["([^"]+)"\])?', r.name)
        assert match, r.name
        role, local, key = match[1], match[2].replace("_", "-"), match[3]
        if key is None:
            names.add((f"{role}-{local}", r.type))
        elif "." in key:  # one validation record per certificate domain: `dns-validation-0`
            names.add((f"{role}-{local}-0", r.type))
        else:  # `ownership["files"]` is `storage-files-ownership`
            names.add((f"{role}-{key}-{local}", r.type))
    assert names == pulumi
