"""`indexplan:app_routes`: a stack without an app says who answers the CDN's misses on the app's
routes (the simple index pages, the JSON API): `bucket` (a static index: pages are objects in
the files bucket) or `outside` (an app at an origin the stack does not hold). The program says
it on the CDN component, where the cost model reads it; a bad value is one line, exit 2.

The shipped stacks, worked by hand at --scenario pypi-2026 (scenarios/pypi-2026.yaml:
6e9 requests a day, a month of 365.25 / 12 = 30.4375 days, cache hit ratio 0.985) and S3 GET
$0.0004 per 1,000 (catalog aws/s3.json):
- misses: 6e9 x 30.4375 x (1 - 0.985) = 2.739375e9 = 2,739,375 thousand;
- a static index (static-index): every miss, 2,739,375 x 0.0004 = $1,095.75;
- the app outside (pypi-2016, all-aws): file routes only, app.route_share 0.5 by default:
  1,369,687.5 thousand x 0.0004 = $547.875, shown $547.88.
"""

from __future__ import annotations

import json

import pytest
from graph_memo import build_graph
from graph_query import one
from stack_fixtures import config_of, shipped, write_stack
from test_infra_bad_stack_files import assert_one_line_error

from indexplan.cli import main
from indexplan.stackfile import load_stack_file
from infra.config import parse_stack_config

KEY = "indexplan:app_routes"


@pytest.mark.parametrize(
    ("stack", "said"),
    [
        ("pypi-2016", "outside"),
        ("pypi-2021", "outside"),
        ("all-aws", "outside"),
        ("all-gcp", "outside"),
        ("static-index", "bucket"),
        ("crates-io", None),  # its files host serves crate files only: nothing to say
        ("pypi-2024", None),  # the stack's own app answers them
        ("private-small", None),
    ],
)
def test_each_shipped_stack_says_who_answers_the_app_routes(stack, said):
    assert parse_stack_config(config_of(stack), "f").app_routes == said


@pytest.mark.parametrize(
    ("stack", "cdn", "inputs"),
    [
        ("pypi-2016", "indexplan:cdn:Fastly", {"app_routes": "outside"}),
        ("all-aws", "indexplan:cdn:CloudFront", {"app_routes": "outside"}),
        ("all-gcp", "indexplan:cdn:CloudCDN", {"app_routes": "outside"}),
        ("static-index", "indexplan:cdn:CloudFront", {"app_routes": "bucket"}),
        ("pypi-2024", "indexplan:cdn:Fastly", {}),
    ],
)
def test_the_cdn_component_says_it(stack, cdn, inputs):
    graph = build_graph(load_stack_file(shipped(stack)))
    assert one(graph, cdn).inputs == inputs


def test_cloudflare_says_it_beside_private(tmp_path):
    config = config_of("private-small")
    del config["indexplan:roles"]["app"], config["indexplan:app"], config["indexplan:private"]
    config[KEY] = "bucket"
    graph = build_graph(load_stack_file(write_stack(tmp_path, "flare", config)))
    assert one(graph, "indexplan:cdn:Cloudflare").inputs == {"app_routes": "bucket"}


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("elsewhere", "got 'elsewhere'"),
        (["outside"], "got ['outside']"),
        (True, "got True"),
        ("", "got ''"),
        ("out\x1b[2Jside", "got 'out\\x1b[2Jside'"),  # shown escaped, never raw
        ("x" * 500, "got '" + "x" * 78 + "…\n"),  # cut at 80 characters, said to be cut
    ],
)
def test_a_bad_value_is_one_line(capsys, tmp_path, value, fragment):
    config = config_of("pypi-2016")
    config[KEY] = value
    path = write_stack(tmp_path, "bad", config)
    expected = "must be one of: bucket (a static index: the pages are objects in the files bucket)"
    assert_one_line_error(
        capsys, path, f"{KEY}: {expected}", "outside (an app at an origin", fragment
    )
    assert "\x1b" not in capsys.readouterr().err


def test_a_stack_with_an_app_may_not_say_it(capsys, tmp_path):
    config = config_of("pypi-2024")
    config[KEY] = "outside"
    path = write_stack(tmp_path, "app", config)
    assert_one_line_error(
        capsys, path, f"{KEY}: the stack's app (indexplan:roles.app) answers them; remove this key"
    )


def gets_and_notes(capsys, stack: str) -> tuple[list[tuple[float, float]], list[str]]:
    assert main(["estimate", stack, "-s", "pypi-2026", "-f", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    gets = [
        (line["quantity"], line["monthly_usd"])
        for line in doc["line_items"]
        if line["resource"] == "storage-files" and line["component"].startswith("GET")
    ]
    return gets, doc["assumptions"]["notes"]


def test_the_bills_at_pypi_2026(capsys):
    outside, notes = gets_and_notes(capsys, "pypi-2016")
    assert outside == [(1_369_687.5, 547.88)]
    assert (
        "storage reads: the CDN's misses on file routes only (0.5 of its requests); the app's "
        "routes miss to its origin outside the stack (indexplan:app_routes: outside), whose "
        "cost is not in this estimate"
    ) in notes
    assert gets_and_notes(capsys, "all-aws")[0] == [(1_369_687.5, 547.88)]
    static, notes = gets_and_notes(capsys, "static-index")
    assert static == [(2_739_375.0, 1_095.75)]
    assert (
        "storage reads: the CDN's misses on every route, the index's pages included "
        "(indexplan:app_routes: bucket, a static index)"
    ) in notes
