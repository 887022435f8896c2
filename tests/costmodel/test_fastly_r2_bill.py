"""The bill of Fastly in front of a private R2 bucket (examples/Pulumi.fastly-r2.yaml) is as
complete as that of the same setup with a public bucket: the read-only token Fastly signs with
is free, Fastly's misses are R2 Class B operations, and R2 bills no egress.

Worked by hand for scenario pypi-2026 (scenarios/pypi-2026.yaml: 10 PB/day, 6e9 requests/day,
hit ratio 0.985, 304 TB stored, 3.9e6 uploads/year; a month is 365.25 / 12 = 30.4375 days) at
R2's list prices (costmodel/catalog/cloudflare/r2.yaml, developers.cloudflare.com/r2/pricing:
storage $0.015/GB-month over 10 GB free, Class A $4.50/M over 1 M free, Class B $0.36/M over
10 M free, egress free):
- storage: 304,000 GB - 10 GB free = 303,990 GB-month x $0.015 = $4,559.85
- Class A: 3.9e6 / 12 = 325,000 uploads < 1 M free = $0.00
- Class B: 6e9 x 30.4375 x (1 - 0.985) = 2,739,375,000 misses - 10 M free
  = 2,729.375 M x $0.36 = $982.575, $982.58 on the bill
R2 in all: $5,542.43; Fastly (unchanged by where the bytes live): 304,375,000 GB x $0.12
= $36,525,000.00 and 18,262,500 x 10,000 requests x $0.0075 = $136,968.75.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from graph_memo import build_graph

from costmodel.model.components import FREE, is_free
from costmodel.model.estimate import Estimate, estimate
from costmodel.model.graph import Resource
from costmodel.model.scenario import load_scenario
from indexplan.stackfile import load_stack_file

EXAMPLE = Path("examples/Pulumi.fastly-r2.yaml")
TOKEN = "cloudflare:index/accountToken:AccountToken"
R2_DEV = "cloudflare:index/r2ManagedDomain:R2ManagedDomain"


def bill(graph: list[Resource]) -> Estimate:
    return estimate(
        graph,
        load_scenario(Path("scenarios/pypi-2026.yaml")),
        stack="fastly-r2",
        as_of=dt.date(2026, 8, 14),
        regions={"aws": "us-west-2"},
    )


def lines(est: Estimate, provider: str) -> list[tuple[str, float]]:
    return [(i.component, i.monthly_usd) for i in est.line_items if i.provider == provider]


def test_r2_and_fastly_lines_as_worked_by_hand():
    est = bill(build_graph(load_stack_file(EXAMPLE)))
    assert lines(est, "cloudflare") == [
        ("storage (Standard), first 10 GB-month (free)", 0.0),
        ("storage (Standard), over 10 GB-month", 4559.85),
        ("Class A operations (uploads), first 1 million requests (free)", 0.0),
        ("Class B operations (cache misses), first 10 million requests (free)", 0.0),
        ("Class B operations (cache misses), over 10 million requests", 982.58),
    ]
    assert lines(est, "fastly") == [("bandwidth", 36525000.0), ("requests", 136968.75)]
    assert "R2 egress is free (to Cloudflare and to the internet)" in est.notes


def test_the_token_is_free_for_a_reason_and_nothing_new_is_unpriced():
    assert is_free(TOKEN)
    assert FREE[TOKEN].startswith("a Cloudflare API token is free")
    est = bill(build_graph(load_stack_file(EXAMPLE)))
    # the one hole is the Fastly certificate every Fastly stack has (Let's Encrypt: no price)
    assert [(u.type, u.component) for u in est.unpriced] == [
        ("fastly:index/tlsSubscription:TlsSubscription", "managed certificate")
    ]


def test_the_private_bill_equals_the_public_variants_to_the_cent():
    """The public variant the program refuses to build: the same bucket with its r2.dev
    address on and no token. Fastly's misses are Class B GETs either way."""
    private = build_graph(load_stack_file(EXAMPLE))
    public = [
        dataclasses.replace(r, inputs={**r.inputs, "enabled": True}) if r.type == R2_DEV else r
        for r in private
        if r.type != TOKEN
    ]
    assert len(public) == len(private) - 1
    ours, theirs = bill(private), bill(public)
    assert ours.line_items == theirs.line_items
    assert [p.list_cents for p in ours.providers] == [p.list_cents for p in theirs.providers]
    assert ours.unpriced == theirs.unpriced
