"""R2's `us` jurisdiction (Cloudflare's changelog, 2026-08-17: developers.cloudflare.com/
changelog/post/2026-08-17-r2-us-jurisdiction/): accepted like eu and fedramp, created as such,
and read at its own S3 endpoint, `<ACCOUNT_ID>.us.r2.cloudflarestorage.com`."""

from __future__ import annotations

import dataclasses
import json

import pytest
from graph_memo import build_graph
from test_infra_fastly_r2 import ACCOUNT, BUCKET, SERVICE, TOKEN, example, one

from infra.config import StackConfigError, parse_stack_config

BUCKET_TYPE = "cloudflare:index/r2Bucket:R2Bucket"


def us_stack():
    stack = example()
    config = {**stack.config, "indexplan:storage": {"jurisdiction": "us"}}
    return dataclasses.replace(stack, config=config)


def test_a_us_bucket_is_created_in_us_and_read_at_its_endpoint():
    graph = build_graph(us_stack())
    assert one(graph, BUCKET_TYPE).inputs["jurisdiction"] == "us"
    (backend,) = one(graph, SERVICE).inputs["backends"]
    assert backend["address"] == f"{ACCOUNT}.us.r2.cloudflarestorage.com"
    # the token's policy names the bucket as <ACCOUNT_ID>_<JURISDICTION>_<BUCKET_NAME>
    (policy,) = one(graph, TOKEN).inputs["policies"]
    assert list(json.loads(policy["resources"])) == [
        f"com.cloudflare.edge.r2.bucket.{ACCOUNT}_us_{BUCKET}"
    ]


@pytest.mark.parametrize("jurisdiction", ["US", "usa", "ca"])
def test_another_jurisdiction_is_refused_naming_the_four(jurisdiction):
    config = {**example().config, "indexplan:storage": {"jurisdiction": jurisdiction}}
    with pytest.raises(StackConfigError) as raised:
        parse_stack_config(config, "Pulumi.t.yaml")
    assert str(raised.value) == (
        "Pulumi.t.yaml: indexplan:storage.jurisdiction: Input should be 'default', 'eu', "
        f"'fedramp' or 'us', got {jurisdiction!r}"
    )
