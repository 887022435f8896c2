"""Class 2, never a wrong number: a key given twice, a boolean, a non-finite or out-of-range
figure and an impossible date are one line each, in every user file; references are matched
exactly; and every figure the loaders accept prices to finite, non-negative whole cents whose
totals are the sums of the printed lines."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hostile_cli import EXPORT, PREVIEW, cli, stack_text, write
from hostile_files import aws_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costmodel.model import limits
from costmodel.model.estimate import estimate
from costmodel.model.prices import CATALOG_DIR
from costmodel.model.scenario import parse_scenario
from costmodel.readers.pulumi_files import read_preview
from indexplan.paths import ROOT, SCENARIOS_DIR

SCENARIO = SCENARIOS_DIR / "pypi-2021.yaml"
PRICES = ROOT / "tests" / "fixtures" / "prices"


def scenario_run(tmp_path, text: str):  # type: ignore[no-untyped-def]
    path = write(tmp_path / "s.yaml", text)
    return path, cli("estimate", "--from-preview", PREVIEW, "-s", path, "-f", "json")


# --- a key given twice ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # the issue's own: 10 TB and 900 PB at once
        ("traffic:\n  egress: 10 TB/month\n  egress: 900 PB/month\n", "'egress'"),
        ("traffic: {egress: 1 TB, egress: 2 TB}\n", "'egress'"),  # flow style, one line
        ("traffic: {egress: 1 TB}\ntraffic: {egress: 2 TB}\n", "'traffic'"),
        ("traffic: {egress: 1 TB}\ngrowth: {per_year: 1.5, per_year: 9}\n", "'per_year'"),
    ],
)
def test_a_scenario_key_given_twice_is_refused(tmp_path, text, key):
    _, run = scenario_run(tmp_path, text)
    run.refused(f"duplicate key {key}", "first given on line")


def test_a_stack_key_given_twice_is_refused(tmp_path):
    text = stack_text("  fastly:apiKey: plain-token\n  fastly:apiKey: {secure: v1:abc}\n")
    path = write(tmp_path / "Pulumi.x.yaml", text)
    cli("check", path).refused(str(path), "config.fastly:apiKey", "duplicate key 'fastly:apiKey'")


def test_a_usage_key_given_twice_is_refused(tmp_path):
    usage = write(tmp_path / "u.yaml", "default:\n  storage: {}\ndefault:\n  cdn: {}\n")
    cli("estimate", "--from-preview", PREVIEW, "-s", SCENARIO, "--usage", usage).refused(
        "duplicate key 'default'"
    )


def test_a_catalog_key_given_twice_is_refused(tmp_path):
    text = (CATALOG_DIR / "aws" / "cloudfront.yaml").read_text()
    catalog = aws_catalog(
        tmp_path, text.replace("provider: aws\n", "provider: aws\nprovider: gcp\n")
    )
    cli("prices", "check", "--catalog", catalog).refused(
        "cloudfront.yaml", "duplicate key 'provider'"
    )


@pytest.mark.parametrize(
    ("source", "command"),
    [
        (PREVIEW, lambda p: ["estimate", "--from-preview", p, "-s", "pypi-2021"]),
        (EXPORT, lambda p: ["estimate", "--from-state", p, "-s", "pypi-2021"]),
        (PRICES / "aws-s3-offer.json", lambda p: ["prices", "import", "aws", p, "--dry-run"]),
        (PRICES / "gcp-skus.json", lambda p: ["prices", "import", "gcp", p, "--dry-run"]),
    ],
    ids=["preview", "state", "aws prices", "gcp prices"],
)
def test_a_json_key_given_twice_is_refused(tmp_path, source, command):
    text = source.read_text()
    opening = text.index("{") + 1
    # the first key of the top-level object, given again at its start
    doubled = text[:opening] + ' "zzdup": 1, "zzdup": 2,' + text[opening:]
    cli(*command(write(tmp_path / "f.json", doubled))).refused("duplicate key 'zzdup'")


# --- booleans are not numbers -------------------------------------------------------------------


NOT_A_BOOLEAN = "must be a number, not true or false"
NOT_A_QUANTITY = "expected a number or a string like"


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        (
            "traffic: {egress: 1 TB, cache_hit_ratio: yes}\n",
            "traffic.cache_hit_ratio",
            NOT_A_BOOLEAN,
        ),
        (
            "traffic: {egress: 1 TB, cache_hit_ratio: true}\n",
            "traffic.cache_hit_ratio",
            NOT_A_BOOLEAN,
        ),
        (
            "traffic: {egress: 1 TB, regions: {europe: on}}\n",
            "traffic.regions.europe",
            NOT_A_BOOLEAN,
        ),
        ("traffic: {egress: 1 TB}\ngrowth: {per_year: yes}\n", "growth.per_year", NOT_A_BOOLEAN),
        ("traffic: {egress: true}\n", "traffic.egress", NOT_A_QUANTITY),
        ("traffic: {egress: 1 TB}\nstorage: {stored: no}\n", "storage.stored", NOT_A_QUANTITY),
    ],
)
def test_a_boolean_is_not_a_scenario_figure(tmp_path, text, field, fragment):
    _, run = scenario_run(tmp_path, text)
    run.refused(field, fragment)


def with_fastly_terms(terms: str) -> str:
    """pypi-2021's stack file with Fastly's sponsorship terms replaced by `terms`."""
    shipped = "    fastly:\n      covers: 1.0\n      program: Fast Forward\n"
    return stack_text().replace(shipped, f"    fastly: {terms}\n")


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ("{covers: true}", "covers"),
        ("{credit_monthly_usd: yes}", "credit_monthly_usd"),
    ],
)
def test_a_boolean_is_not_a_sponsors_figure(tmp_path, terms, field):
    path = write(tmp_path / "Pulumi.x.yaml", with_fastly_terms(terms))
    cli("estimate", path, "-s", SCENARIO).refused(f"indexplan:sponsors.fastly.{field}")


def test_serves_cdn_takes_only_true_or_false(tmp_path):
    usage = write(tmp_path / "u.yaml", "storage-files:\n  serves_cdn: 1\n")
    cli("estimate", "--from-preview", PREVIEW, "-s", SCENARIO, "--usage", usage).refused(
        "serves_cdn", "valid boolean"
    )


# --- finite and in range -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("traffic: {egress: 1 TB}\ngrowth: {per_year: .inf}\n", ".inf is not a number"),
        ("traffic: {egress: 1 TB}\ngrowth: {per_year: -.inf}\n", "is not a number"),
        ("traffic: {egress: 1 TB, cache_hit_ratio: .nan}\n", ".nan is not a number"),
        ("traffic: {egress: inf TB/month}\n", "finite"),
        ("traffic: {egress: 1e400 TB/month}\n", "finite"),
        (f"traffic: {{egress: {10**1000}}}\n", "1001-digit integer is out of range"),
        ("traffic: {egress: 1e30 PB/month}\n", "must be at most"),
        ("traffic: {egress: 1 TB, requests: 1e19/month}\n", "must be at most"),
        ("traffic: {egress: 1 TB}\ngrowth: {per_year: 1e9}\n", "between 0.01 and 101"),
        ("traffic: {egress: 1 TB}\ngrowth: {per_year: 0}\n", "between 0.01 and 101"),
        ("traffic: {egress: -5 TB}\n", "must not be negative"),
        # the one required figure left empty (a fuzz finding: an assertion, exit 70, before)
        ("traffic: {egress: null}\n", "traffic.egress: must be given"),
        ("traffic:\n  egress:\n", "traffic.egress: must be given"),
    ],
)
def test_a_figure_outside_its_range_is_refused(tmp_path, text, fragment):
    _, run = scenario_run(tmp_path, text)
    run.refused(fragment)


@pytest.mark.parametrize(
    ("terms", "fragment"),
    [
        ("{credit_monthly_usd: .inf}", "is not a number"),
        ("{credit_monthly_usd: 1.0e13}", "between 0 and 1,000,000,000,000"),
        ("{covers: 1.5}", "between 0 and 1"),
        ("{covers: .nan}", "is not a number"),
        ("{until: 2026-13}", "YYYY-MM"),
        ("{until: 1999-01}", "between 2000-01 and 2200-12"),
        ("{until: 2026-02-30}", "YYYY-MM"),  # a date, kept as written, is not a month
    ],
)
def test_a_sponsors_figure_outside_its_range_is_refused(tmp_path, terms, fragment):
    path = write(tmp_path / "Pulumi.x.yaml", with_fastly_terms(terms))
    cli("estimate", path, "-s", SCENARIO).refused(str(path), fragment)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("NaN", "NaN is not a number"), ("Infinity", "Infinity is not a number"), ("1e400", "1e400")],
)
def test_non_finite_json_numbers_are_refused(tmp_path, value, fragment):
    preview = PREVIEW.read_text().replace('"steps"', f'"x": {value}, "steps"', 1)
    path = write(tmp_path / "p.json", preview)
    cli("estimate", "--from-preview", path, "-s", SCENARIO).refused(fragment)


# --- impossible dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "fragment"),
    [
        ("2021-02-30", "day value is outside expected range"),
        ("2021-13-01", "month value is outside expected range"),
        # a date's bounds are days (the calendar's first and last), not months
        ("1999-12-31", "between 2000-01-01 and 2200-12-31"),
        ("9999-12-31", "between 2000-01-01 and 2200-12-31"),
        ("2021-02-30T25:00:00", "as_of"),
        ("'20210430'", "as_of"),
    ],
)
def test_an_impossible_as_of_is_one_line(tmp_path, as_of, fragment):
    _, run = scenario_run(tmp_path, f"as_of: {as_of}\ntraffic: {{egress: 1 TB}}\n")
    run.refused("as_of", fragment)


def test_the_pricing_date_is_what_must_lie_in_the_calendar(tmp_path):
    # A scenario's as_of is only the default pricing date: a date given instead replaces it.
    path, _ = scenario_run(tmp_path, "as_of: 1990-06-30\ntraffic: {egress: 1 TB}\n")
    run = cli("estimate", "--from-preview", PREVIEW, "-s", path, "--prices-as-of", "2201-01-01")
    run.refused("--prices-as-of: 2201-01-01: must be between 2000-01-01 and 2200-12-31")
    run = cli("estimate", "--from-preview", PREVIEW, "-s", path, "--prices-as-of", "2026-01-01",
              "-f", "json")  # fmt: skip
    assert json.loads(run.ok())["prices_as_of"] == "2026-01-01"


def test_a_yaml_date_as_a_stack_value_is_a_plain_string(tmp_path):
    # The issue's `app:launch: 2026-01-01` ended in exit 70; Pulumi reads it as the text.
    path = write(tmp_path / "Pulumi.x.yaml", stack_text("  app:launch: 2026-01-01\n"))
    assert json.loads(cli("resources", path, "-f", "json").ok()) == []


# --- references matched exactly ------------------------------------------------------------------


def _queue_preview(names: list[str], dead_letter: str) -> dict:
    provider = "urn:pulumi:p::shop::pulumi:providers:aws::default"
    steps = [
        {
            "op": "create",
            "urn": provider,
            "newState": {"type": "pulumi:providers:aws", "inputs": {"region": "us-east-1"}},
        }
    ]
    target = f"arn:aws:sqs:us-east-1:123456789012:{dead_letter}"
    for name in [*names, dead_letter]:
        inputs = (
            {}
            if name == dead_letter
            else {"redrivePolicy": json.dumps({"deadLetterTargetArn": target})}
        )
        urn = f"urn:pulumi:p::shop::aws:sqs/queue:Queue::{name}"
        state = {"type": "aws:sqs/queue:Queue", "inputs": inputs, "provider": f"{provider}::1"}
        steps.append({"op": "create", "urn": urn, "newState": state})
    return {"steps": steps}


@pytest.mark.parametrize("name", ["sqs", "aws", "queue", "dead", "letter", "123456789012", "east"])
def test_a_queue_named_like_part_of_another_queues_arn_is_billed(tmp_path, name):
    """A queue named `sqs` or `aws` was billed $0: the redrive policy of the other queue
    contains its name as a substring. Only `tasks-dead-letter`, named exactly, is dead."""
    path = write(tmp_path / "p.json", json.dumps(_queue_preview([name], "tasks-dead-letter")))
    data = json.loads(cli("estimate", "--from-preview", path, "-s", SCENARIO, "-f", "json").ok())
    billed = {i["resource"] for i in data["line_items"] if i["monthly_usd"] > 0}
    # pypi-2021's 1e6 messages a month (the default) at 3 requests each, on one live queue,
    # cost more than a cent; the dead-letter queue carries none of them.
    assert billed == {name}


# --- every accepted figure prices to sane money --------------------------------------------------


def _assert_sane(est) -> None:  # type: ignore[no-untyped-def]
    for item in est.line_items:
        assert isinstance(item.cents, int) and item.cents >= 0, item
    for provider in est.providers:
        assert 0 <= provider.sponsored_cents <= provider.list_cents
        lines = sum(i.cents for i in est.line_items if i.provider == provider.provider)
        assert provider.list_cents == lines
    assert est.list_cents == sum(i.cents for i in est.line_items)
    json.dumps(est.to_dict(), allow_nan=False)  # no NaN or Infinity anywhere in the JSON


FIGURES = st.floats(min_value=0, max_value=1, allow_nan=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    egress=FIGURES,
    requests=FIGURES,
    stored=FIGURES,
    messages=FIGURES,
    hit=st.floats(0, 1),
    growth=st.floats(0.01, 101),
)
def test_any_accepted_scenario_prices_to_whole_non_negative_cents(
    egress, requests, stored, messages, hit, growth
):
    """Figures anywhere in their documented range, up to the limits themselves (1 ZB a month,
    10^18 requests): the bill is whole cents, never negative, never NaN, and adds up."""
    data = {
        "traffic": {
            "egress": egress * limits.MAX_BYTES,
            "requests": f"{requests * limits.MAX_COUNT}/month",
            "cache_hit_ratio": hit,
        },
        "storage": {"stored": stored * limits.MAX_BYTES},
        "queue": {"messages": f"{messages * limits.MAX_COUNT}/month"},
        "growth": {"per_year": growth},
    }
    data["traffic"]["egress"] = f"{data['traffic']['egress']} B/month"
    data["storage"]["stored"] = f"{data['storage']['stored']} B"
    scenario = parse_scenario(data, "hypothesis", "h")
    graph = read_preview(PREVIEW)
    est = estimate(
        graph.resources, scenario, stack="s", as_of=dt.date(2026, 1, 1), regions=graph.regions
    )
    _assert_sane(est)
