"""The offline graph builder: every CDN in front of every storage, secrets hidden, no leaks."""

from __future__ import annotations

import json

import pytest
from stack_fixtures import (
    SHIPPED_ALL,
    config_of,
    mixed_config,
    shipped,
    whole_gcp_config,
    write_stack,
)

from costmodel.model.graph import SECRET
from indexplan.cli import main
from indexplan.graph import build_graph, build_graphs
from indexplan.stackfile import StackFile, load_stack_file
from infra.config import StackConfigError

CDN = {
    "aws": "indexplan:cdn:CloudFront",
    "gcp": "indexplan:cdn:CloudCDN",
    "fastly": "indexplan:cdn:Fastly",
    "cloudflare": "indexplan:cdn:Cloudflare",
}
STORAGE = {
    "aws": "indexplan:storage:S3",
    "gcp": "indexplan:storage:GCS",
    "b2": "indexplan:storage:B2",
    "cloudflare": "indexplan:storage:R2",
}
# How each CDN reaches each storage while the bucket stays private.
ORIGIN_ACCESS = {
    ("aws", "aws"): "aws:cloudfront/originAccessControl:OriginAccessControl",
    ("gcp", "gcp"): "gcp:storage/bucketIAMMember:BucketIAMMember",  # Cloud CDN fill account
    ("gcp", "aws"): "aws:iam/accessKey:AccessKey",  # SigV4 key in the backend service
    ("fastly", "aws"): "aws:iam/accessKey:AccessKey",  # SigV4-signing VCL snippet
    ("fastly", "gcp"): "gcp:storage/hmacKey:HmacKey",
    # Issue 12: B2 is read with a B2 application key from config (no resource declares it);
    # R2 through Cloudflare's custom-domain binding.
    ("fastly", "b2"): None,
    ("gcp", "b2"): None,
    ("cloudflare", "cloudflare"): "cloudflare:index/r2CustomDomain:R2CustomDomain",
}


@pytest.mark.parametrize(("cdn", "storage"), sorted(ORIGIN_ACCESS))
def test_every_cdn_works_in_front_of_every_storage(tmp_path, cdn, storage):
    # Back-end roles on the other cloud from storage, so mixed stacks are exercised too.
    backend = "gcp" if storage == "aws" else "aws"
    stack = load_stack_file(
        write_stack(tmp_path, f"{cdn}-{storage}", mixed_config(cdn, storage, backend))
    )
    graph = build_graph(stack)
    components = {
        r.type for r in graph if r.parent_type is None and r.type.startswith("indexplan:")
    }
    assert {CDN[cdn], STORAGE[storage]} <= components
    access = ORIGIN_ACCESS[(cdn, storage)]
    if access is not None:
        assert access in {r.type for r in graph}
    bucket = next(r for r in graph if r.name == "storage-files")
    assert bucket.parent_type == STORAGE[storage]


def test_every_role_and_provider_cell_is_covered(tmp_path):
    # The shipped stacks plus the mixed ones above cover the whole table; check it.
    cells = set()
    for config in [config_of(name) for name in SHIPPED_ALL] + [whole_gcp_config()]:
        for role, provider in config["indexplan:roles"].items():
            # A CDN mix names several CDNs; a storage block a primary and an archive.
            named = (
                provider.values()
                if role == "storage" and isinstance(provider, dict)
                else (provider if isinstance(provider, dict) else [provider])
            )
            cells |= {(role, p) for p in named}
    cells |= {("cdn", c) for c, _ in ORIGIN_ACCESS} | {("storage", s) for _, s in ORIGIN_ACCESS}
    from infra.config import ROLE_PROVIDERS

    table = {(role, p) for role, providers in ROLE_PROVIDERS.items() for p in providers}
    assert cells == table


def test_generated_secrets_never_reach_any_output(capsys, monkeypatch):
    """Capture every secret value the mocks hand out, then look for them in table and JSON."""
    from pulumi.runtime import rpc

    import indexplan.mocks

    issued: list[str] = []
    real_wrap = rpc.wrap_rpc_secret

    def recording_wrap(value):
        issued.append(value)
        return real_wrap(value)

    monkeypatch.setattr(indexplan.mocks.rpc, "wrap_rpc_secret", recording_wrap)
    outputs = []
    for fmt in ("json", "table"):
        assert main(["resources", "pypi-2021", "--format", fmt]) == 0
        outputs.append(capsys.readouterr().out)
    # Pulumi wraps derived values too (the credentials JSON, the signing snippet); all count.
    secrets = {v for v in issued if isinstance(v, str)}
    generated = {v for v in secrets if v.startswith("mock-")}
    assert len(generated) == 2  # the RDS password and the ElastiCache auth token
    assert len(secrets) >= 5  # ... plus the HMAC secret, the credentials JSON, the VCL snippet
    for secret in secrets:
        assert all(secret not in out for out in outputs)
    graph = json.loads(outputs[0])
    by_name = {r["name"]: r["inputs"] for r in graph}
    assert by_name["database-postgres"]["password"] == SECRET
    assert by_name["cache-redis"]["authToken"] == SECRET
    assert by_name["cdn-service"]["snippets"] == SECRET  # carries the HMAC secret


def test_json_is_exactly_the_graph_contract(capsys):
    assert main(["resources", "all-gcp", "--format", "json"]) == 0
    graph = json.loads(capsys.readouterr().out)
    assert all(set(item) == {"urn", "type", "name", "parent_type", "inputs"} for item in graph)
    sql = next(r for r in graph if r["type"] == "gcp:sql/databaseInstance:DatabaseInstance")
    assert sql["parent_type"] == "indexplan:database:CloudSQL"
    assert isinstance(sql["inputs"]["settings"]["diskSize"], int)  # 500, not 500.0


def test_table_fits_100_columns(capsys):
    assert main(["resources", "pypi-2021"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("pypi-2021: 53 resources")  # 41 + the 12 of its VPC placement
    assert max(len(line) for line in lines) <= 100
    assert any("database-postgres" in line and "aws:rds:Instance" in line for line in lines)


def test_stacks_built_in_one_process_do_not_leak_into_each_other():
    first, second, again = build_graphs(
        [
            load_stack_file(shipped("all-aws")),
            load_stack_file(shipped("all-gcp")),
            load_stack_file(shipped("all-aws")),
        ]
    )
    assert {r.urn.split("::")[0] for r in first} == {"urn:pulumi:all-aws"}
    assert {r.urn.split("::")[0] for r in second} == {"urn:pulumi:all-gcp"}
    assert not any(r.type.startswith("aws:") for r in second)
    assert [r.to_dict() for r in first] == [r.to_dict() for r in again]


def test_the_program_itself_rejects_a_bad_config_before_declaring_anything():
    """Under `pulumi up` the CLI's validation is not there; the program's own check is."""
    good = load_stack_file(shipped("all-aws"))
    config = dict(good.config) | {
        "indexplan:roles": {**good.config["indexplan:roles"], "storage": "fastly"}
    }
    bad = StackFile(path=good.path, name="broken", config=config, settings=good.settings)
    with pytest.raises(StackConfigError) as raised:
        build_graph(bad)
    assert str(raised.value) == (
        "stacks/Pulumi.broken.yaml: indexplan:roles.storage: "
        "fastly cannot run storage; choose aws or gcp or b2 or cloudflare"
    )
    # The failed run leaves nothing behind: the next build completes (it used to hang). 47
    # resources: the archive bucket's HTTPS-only policy is the 47th (the files bucket's deny is
    # in CloudFront's policy, a bucket having one policy); plus 12 that place the database and
    # cache in the stack's VPC (s10-vpc): the network component, its VPC, route table, two
    # private subnets and their two route associations, the app's clients group, and a subnet
    # group and a security group each for the database and the cache.
    assert len(build_graph(good)) == 47 + 12


def test_listing_resources_does_not_import_pulumi_until_it_runs():
    import subprocess
    import sys

    code = "import sys, indexplan.cli, indexplan.stackfile; print('pulumi' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_run_from_the_shell_prints_nothing_on_stderr():
    # Worker-thread event loops once died noisily at interpreter exit ("Exception ignored").
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "indexplan", "resources", "pypi-2016", "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert '"type": "indexplan:cdn:Fastly"' in run.stdout
