"""Parity: the all-aws setup written in HCL (tests/fixtures/terraform/all-aws), planned by
Terraform, prices as `indexplan estimate all-aws` prices the Pulumi program, to the cent,
resource by resource and component by component.

The HCL declares each resource as infra/ does and calls each role's module by the role's
name, so `module.storage.aws_s3_bucket.files` is the twin of `storage-files`. Not alike: the
Pulumi program generates the database password (random_password, kept in a Secrets Manager
secret at $0.40 a month); the HCL lets RDS manage it (manage_master_user_password), so the
Secrets Manager and random resources have no twin.

Nor does the stack's `indexplan:app_routes: outside` (the app runs outside the stack: its
bucket reads the misses on file routes only): a traffic statement, said on the CDN component,
which a Terraform module has no way to say. So the plan prices as the stack without it (a
static index), and the shipped stack's GET line is exactly half of that one, worked out here.

Links the plan knows only after apply are followed through its configuration
(costmodel/readers/terraform/references.py): a plan of new resources leaves the archive
bucket's lifecycle configuration's `bucket`, the tasks queue's redrive policy and the queues'
KMS key `[unknown]`, but their expressions name the bucket, the dead-letter queue and the key,
so the plan prices them as the Pulumi graph (which knows every ARN under mocks) does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from costmodel.readers.terraform import read_plan
from indexplan.paths import STACKS_DIR
from tests.prices.helpers import run, run_json
from tests.terraform.plans import ALL_AWS, cents, lines_by_resource

PULUMI_ONLY = {"database-admin-credentials", "database-admin-credentials-version"}


def twin(address: str) -> str:
    """`module.storage.aws_s3_bucket.files` -> `storage-files` (the Pulumi program's name)."""
    match = re.fullmatch(r"module\.(\w+)\.\w+\.(\w+)(\[.*\])?", address)
    assert match, address
    return f"{match[1]}-{match[2].replace('_', '-')}"


STATEMENT = "  indexplan:app_routes: outside\n"


@pytest.fixture
def pair(capsys, request, tmp_path):
    scenario = request.param
    shipped = (STACKS_DIR / "Pulumi.all-aws.yaml").read_text()
    assert shipped.count(STATEMENT) == 1
    unsaid = tmp_path / "Pulumi.all-aws.yaml"
    unsaid.write_text(shipped.replace(STATEMENT, ""))
    pulumi = run_json(capsys, "estimate", str(unsaid), "-s", scenario)
    terraform = run_json(capsys, "estimate", "--from-terraform-plan", ALL_AWS, "-s", scenario)
    return pulumi, terraform


@pytest.mark.parametrize(
    ("scenario", "unsaid", "outside"),
    # pypi-2026: 6e9/day x 30.4375 x (1 - 0.985) = 2,739,375 thousand GETs x $0.0004 = $1,095.75,
    # half = 1,369,687.5 thousand = $547.88; pypi-2021: 2e9/day x 30.4375 x 0.1 = 6,087,500
    # thousand = $2,435.00, half $1,217.50
    [("pypi-2026", 1_095.75, 547.88), ("pypi-2021", 2_435.00, 1_217.50)],
)
def test_the_shipped_stack_reads_half_the_gets_of_the_plan(capsys, scenario, unsaid, outside):
    def gets(data):
        return [
            i["monthly_usd"]
            for i in data["line_items"]
            if i["resource"].endswith("files") and i["component"].startswith("GET")
        ]

    terraform = run_json(capsys, "estimate", "--from-terraform-plan", ALL_AWS, "-s", scenario)
    assert gets(terraform) == [unsaid]
    assert gets(run_json(capsys, "estimate", "all-aws", "-s", scenario)) == [outside]


SCENARIOS = ["pypi-2026", "pypi-2021"]


@pytest.mark.parametrize("pair", SCENARIOS, indirect=True)
def test_every_resource_declared_alike_prices_alike(pair):
    pulumi, terraform = pair
    ours = lines_by_resource(pulumi)
    theirs = {twin(k): v for k, v in lines_by_resource(terraform).items()}
    # the same resources have a bill, but for the Pulumi program's own password secret
    assert set(theirs) == set(ours) - PULUMI_ONLY
    assert set(theirs) >= {"cdn-distribution", "storage-files", "storage-archive",
                           "database-postgres", "cache-redis", "dns-zone", "queue-tasks",
                           "queue-mail-events", "queue-key"}  # fmt: skip
    for name in sorted(theirs):
        assert theirs[name] == ours[name], name
    # types, roles and the unpriced resources of the twins agree too
    types = {twin(i["resource"]): (i["type"], i["role"]) for i in terraform["line_items"]}
    assert types.items() == {
        (i["resource"], (i["type"], i["role"]))
        for i in pulumi["line_items"]
        if i["resource"] not in PULUMI_ONLY
    }
    unpriced = [u for u in pulumi["unpriced"] if u["resource"] not in PULUMI_ONLY]
    assert [{**u, "resource": twin(u["resource"])} for u in terraform["unpriced"]] == unpriced
    # so the totals differ by the secret alone: $0.40 a secret-month (catalog aws/kms.yaml)
    assert cents(ours["database-admin-credentials"]) == 40
    total = round(terraform["totals"]["list_monthly_usd"] * 100)
    assert round(pulumi["totals"]["list_monthly_usd"] * 100) - total == 40


@pytest.mark.parametrize("pair", SCENARIOS, indirect=True)
def test_links_a_plan_leaves_unknown_price_as_worked_out(pair):
    _, terraform = pair
    theirs = {twin(k): v for k, v in lines_by_resource(terraform).items()}
    archive = {line[0]: line[-1] for line in theirs["storage-archive"]}
    if terraform["scenario"] == "pypi-2026":
        # The archive's lifecycle rule moves its objects to Glacier IR (catalog aws/s3.json,
        # us-east-1): 304 TB = 3.04e14 / 2^30 = 283,122.06 GB x $0.004 = $1,132.49; uploads
        # 3.9e6 a year = 325,000 a month = 325 x $0.005 per 1,000 = $1.625; no cache misses.
        assert archive == {"storage (Glacier Instant Retrieval)": 1132.49,
                           "PUT requests (uploads)": 1.63}  # fmt: skip
    else:
        # Glacier IR launched on 2021-11-30, after pypi-2021 (2021-04-30): unpriced, never
        # priced as Standard; the default 1e4 uploads a month: 10 x $0.005 = $0.05.
        assert archive == {"PUT requests (uploads)": 0.05}
        assert [(u["resource"], u["component"]) for u in terraform["unpriced"]] == [
            ("module.storage.aws_s3_bucket.archive", "storage (Glacier Instant Retrieval)")
        ]
    # Default queue usage, 1e6 messages, each a send, a receive and a delete: 3e6 requests,
    # all on the tasks queue (the redrive policy names the dead-letter queue, which carries
    # none); the first million free, 2 million x $0.40 (catalog aws/messaging.yaml) = $0.80.
    assert cents(theirs["queue-tasks"]) == 80
    assert "queue-dead-letter" not in theirs
    # The key is $1.00 a key-month (aws/kms.yaml); the tasks queue it encrypts (its
    # kms_master_key_id names the key) asks for a data key every 300 s, AWS's default reuse
    # period (the plan leaves it to the provider: `[unknown]`), for one producer and one
    # consumer:
    # 730 h x 3,600 s / 300 s x 3 = 26,280 requests = 2.628 x 10,000, the first 2 free,
    # 0.628 x $0.03 = $0.0188, $0.02.
    assert cents(theirs["queue-key"]) == 100 + 2


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
