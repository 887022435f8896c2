"""Class 1, bounded work for bounded input: YAML aliases are never expanded past a small
bound, nesting deeper than 100 levels is refused with one line, and pricing a preview of N
resources does O(N) work (the graph is indexed once, not scanned per resource)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import pytest
from hostile_cli import EXPORT, PREVIEW, child, cli, stack_text, write
from hostile_files import alias_bomb, aws_catalog, big_preview, deep_json, deep_yaml

from costmodel.files.bounds import MAX_ALIAS_NODES, MAX_DEPTH
from costmodel.model.estimate import estimate
from costmodel.model.prices import CATALOG_DIR
from costmodel.model.roles import infer_roles
from costmodel.model.scenario import load_scenario
from costmodel.readers.pulumi_files import read_preview
from indexplan.paths import SCENARIOS_DIR

SCENARIO = SCENARIOS_DIR / "pypi-2021.yaml"
BOMB = alias_bomb(9)  # 9 anchors of 9 aliases: 9^9 = 387,420,489 strings once expanded


def scenario_with(extra: str) -> str:
    return "traffic: {egress: 10 TB/month}\n" + extra


# Each YAML loader, as the CLI reaches it, with the hostile document placed where it parses.
YAML_PLACES = {
    "scenario": (
        "s.yaml",
        lambda p: ["estimate", "--from-preview", PREVIEW, "-s", p],
        scenario_with,
    ),
    "stack": (
        "Pulumi.x.yaml",
        lambda p: ["resources", p, "-f", "json"],
        lambda x: stack_text() + x,
    ),
    "usage": (
        "usage.yaml",
        lambda p: ["estimate", "--from-preview", PREVIEW, "-s", SCENARIO, "--usage", p],
        lambda x: x,
    ),
}


@pytest.mark.parametrize("place", list(YAML_PLACES))
def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path, place):
    name, command, wrap = YAML_PLACES[place]
    path = write(tmp_path / name, wrap(BOMB))
    # As a child with 1 GB and a timeout: expanded, this would take minutes and gigabytes.
    line = child(*command(path)).refused(str(path), "aliases expand to")
    assert f"at most {MAX_ALIAS_NODES:,} allowed" in line


def test_an_alias_bomb_in_the_catalog_is_refused(tmp_path):
    aws = (CATALOG_DIR / "aws" / "cloudfront.yaml").read_text()
    catalog = aws_catalog(tmp_path, BOMB.replace("a0:", "x-bomb-a0:") + aws)
    cli("prices", "check", "--catalog", catalog).refused("cloudfront.yaml", "aliases expand to")


@pytest.mark.parametrize(
    "document",
    [
        "a: &a [*a]\n",  # a list holding itself
        "a: &a {b: *a}\n",  # a mapping holding itself
        "a: &a [[[*a]]]\n",  # through three levels
    ],
)
def test_an_alias_to_its_own_container_is_refused(tmp_path, document):
    path = write(tmp_path / "s.yaml", scenario_with(document))
    cli("estimate", "--from-preview", PREVIEW, "-s", path).refused(
        str(path), "an alias refers to a node that contains it"
    )


def test_a_few_aliases_are_fine(tmp_path):
    # The shipped catalog uses anchors and merge keys; so may a scenario.
    doc = "x-defaults: &t {egress: 10 TB/month, cache_hit_ratio: 0.9}\ntraffic:\n  <<: *t\n"
    path = write(tmp_path / "s.yaml", doc.replace("x-defaults", "description: ok\nx"))
    # `x` is not a scenario key: the anchor parses, the unknown key is the one line.
    cli("estimate", "--from-preview", PREVIEW, "-s", path).refused("x: unknown key")
    good = write(tmp_path / "good.yaml", "traffic: &t {egress: 10 TB/month}\n")
    assert json.loads(cli("estimate", "--from-preview", PREVIEW, "-s", good, "-f", "json").ok())


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 500, 5_000, 100_000])
@pytest.mark.parametrize(
    "place",
    ["preview", "state", "aws prices", "gcp prices"],
)
def test_deep_json_is_refused_with_one_line(tmp_path, levels, place):
    path = write(tmp_path / "deep.json", '{"a": ' + deep_json(levels) + "}")
    command = {
        "preview": ["estimate", "--from-preview", path, "-s", "pypi-2021"],
        "state": ["estimate", "--from-state", path, "-s", "pypi-2021"],
        "aws prices": ["prices", "import", "aws", path, "--dry-run"],
        "gcp prices": ["prices", "import", "gcp", path, "--dry-run"],
    }[place]
    cli(*command).refused(str(path), f"nested deeper than {MAX_DEPTH} levels")


def test_json_at_the_depth_bound_is_read(tmp_path):
    # 99 levels of lists under the top-level object: 100 in all, accepted, then refused for
    # what it is (no steps), not for its depth.
    path = write(tmp_path / "p.json", '{"a": ' + deep_json(MAX_DEPTH - 1) + "}")
    cli("estimate", "--from-preview", path, "-s", "pypi-2021").refused("steps")


@pytest.mark.parametrize(
    ("levels", "flow", "message"),
    [
        (MAX_DEPTH + 1, True, "nested deeper than 100 levels"),
        (MAX_DEPTH + 1, False, "nested deeper than 100 levels"),
        (900, True, "nested deeper than 100 levels"),
        (5_000, True, "maximum nesting depth"),  # libyaml's own limit, also one line
        (1_100, False, "maximum nesting depth"),  # 1.2 MB of indentation
        (2_000, False, "larger than 2 MB"),  # 4 MB: refused by YAML's size bound, unread
    ],
)
def test_deep_yaml_is_refused_with_one_line(tmp_path, levels, flow, message):
    for name, command, wrap in YAML_PLACES.values():
        path = write(tmp_path / name, wrap(deep_yaml(levels, flow)))
        cli(*command(path)).refused(str(path), message)


def test_deep_json_text_inside_a_stack_value_is_refused(tmp_path):
    # Pulumi hands a string to the program, which reads objects from JSON text.
    value = json.dumps(deep_json(5_000))
    path = write(tmp_path / "Pulumi.x.yaml", stack_text(f"  app:settings: {value}\n"))
    cli("resources", path).refused("config.app:settings", "JSON text nested deeper than 100")


def test_deep_json_text_as_a_previews_sponsors_is_refused(tmp_path):
    preview = json.loads(PREVIEW.read_text())
    preview["config"]["indexplan:sponsors"] = deep_json(3_000)
    path = write(tmp_path / "p.json", json.dumps(preview))
    cli("estimate", "--from-preview", path, "-s", "pypi-2021").refused(
        "config.indexplan:sponsors", "nested deeper than 100 levels"
    )


def test_a_deep_redrive_policy_is_no_dead_letter_and_no_crash(tmp_path):
    preview = json.loads(PREVIEW.read_text())
    for step in preview["steps"]:
        state = step.get("newState") or {}
        if state.get("type") == "aws:sqs/queue:Queue":
            state.setdefault("inputs", {})["redrivePolicy"] = deep_json(50_000)
    path = write(tmp_path / "p.json", json.dumps(preview))
    assert json.loads(cli("estimate", "--from-preview", path, "-s", SCENARIO, "-f", "json").ok())


def test_an_export_exactly_at_the_depth_bound_is_priced(tmp_path):
    # {deployment: {resources: [{inputs: {x: ...}}]}} is 5 levels; 95 more make 100.
    export = json.loads(EXPORT.read_text())
    inputs = export["deployment"]["resources"][0]["inputs"]
    inputs["x"] = json.loads(deep_json(MAX_DEPTH - 5))
    path = write(tmp_path / "e.json", json.dumps(export))
    assert cli("estimate", "--from-state", path, "-s", SCENARIO, "-f", "json").ok()
    inputs["x"] = [inputs["x"]]  # one more
    write(path, json.dumps(export))
    cli("estimate", "--from-state", path, "-s", SCENARIO).refused("nested deeper than 100")


def test_a_thousand_queues_price_in_a_bounded_child(tmp_path):
    """The issue's 109 KB preview of 1,000 SQS queues took 229 s; 16,000 buckets took 88 s."""
    path = write(tmp_path / "big.json", json.dumps(big_preview(8_000)))
    data = json.loads(child("estimate", "--from-preview", path, "-s", SCENARIO, "-f", "json").ok())
    queues = [i for i in data["line_items"] if i["type"] == "aws:sqs/queue:Queue"]
    # 1,000 live queues share the scenario's messages; the 1,000 dead-letter queues carry none.
    assert len({i["resource"] for i in queues}) == 1_000
    assert not any(i["resource"].startswith("dlq-") for i in queues)


def _calls(function, *args, **kwargs) -> int:  # type: ignore[no-untyped-def]
    """Python function calls made while running `function`: a measure of work that does not
    depend on the machine's speed or load."""
    count = 0

    def profile(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        function(*args, **kwargs)
    finally:
        sys.setprofile(None)
    return count


def test_pricing_n_resources_is_linear_work(tmp_path):
    """Four times the resources, about four times the calls (an O(N^2) lookup would be 16x):
    counted, not timed, so the test cannot fail on a slow machine."""
    scenario = load_scenario(SCENARIO)

    def price(n: int) -> int:
        read = read_preview(write(tmp_path / f"p{n}.json", json.dumps(big_preview(n))))
        graph = infer_roles(read.resources)
        return _calls(
            estimate, graph, scenario, stack="x", as_of=dt.date(2021, 4, 30), regions=read.regions
        )

    small, large = price(800), price(3_200)
    assert large / small < 4 * 1.1, (small, large)
