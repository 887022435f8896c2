"""Help text, the bare command, and the small defects of issue 11: each as a user meets it."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from cli_run import run

from indexplan.paths import ROOT, SCENARIOS_DIR, STACKS_DIR

COMMANDS = [
    ("compare",),
    ("project",),
    ("sweep",),
    ("estimate",),
    ("resources",),
    ("check",),
    ("scenarios",),
    ("schema", "stack"),
    ("prices", "show"),
    ("prices", "check"),
    ("prices", "import"),
]


def help_text(capsys, *command: str) -> str:
    """A command's --help as one line of words, without the panels' box drawing."""
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", out).split())


@pytest.mark.parametrize("group", [(), ("prices",), ("schema",)])
def test_a_bare_command_shows_its_help_and_exits_0(capsys, group):
    code, out, err = run(capsys, *group)
    assert (code, err) == (0, "")
    assert "Usage: indexplan" in out and "Commands" in out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_no_placeholder_for_a_plain_flag(capsys, command):
    out = help_text(capsys, *command)
    assert "<bool>" not in out
    if "--format" in out:  # "one row per line item" only where it is true
        assert ("line item" in out) == (command == ("estimate",))


def test_vary_help_names_the_region_placeholder_and_traffic(capsys):
    out = help_text(capsys, "sweep")
    assert "regions.REGION" in out and "traffic=0.1x..10x" in out


def test_prices_check_does_not_claim_to_update_the_catalog(capsys):
    out = help_text(capsys, "prices", "check")
    assert "The catalog directory to read. Default" in out and "update" not in out
    assert "read and update" in help_text(capsys, "prices", "import")


def test_check_names_every_rule_it_ran(capsys):
    from policy.rules import RULE_IDS

    code, out, _ = run(capsys, "check", "pypi-2021")
    assert code == 0 and "Rules run" in out
    for rule in RULE_IDS:
        assert re.search(rf"{rule}\s+(mandatory|advisory)\s+passed", out), rule


def test_prices_show_takes_a_provider_and_lists_services_when_wrong(capsys):
    code, out, _ = run(capsys, "prices", "show", "fastly", "-f", "json")
    assert code == 0
    prices = json.loads(out)["prices"]
    assert prices and all(p["price"].startswith("fastly ") for p in prices)
    code, out, err = run(capsys, "prices", "show", "fastlyy")
    assert (code, out) == (2, "")
    assert "unknown service; known: " in err and "cloudfront" in err
    assert err.rstrip().endswith("or a provider: aws, b2, cloudflare, datadog, fastly, gcp")


def test_scenarios_mark_a_defaulted_figure(capsys):
    out = run(capsys, "scenarios")[1]
    # pypi-2021 gives no cache hit ratio: the model's 0.90 is shown, marked as a default
    row = next(line for line in out.splitlines() if line.strip().startswith("pypi-2021"))
    assert "90.0% †" in row
    row = next(line for line in out.splitlines() if line.strip().startswith("pypi-2023"))
    assert "99.0%" in row and "†" not in row
    assert "†: not in the file; the model's default" in out


def test_markdown_notes_are_never_nested_lists(capsys):
    out = run(capsys, "compare", "all-aws", "all-gcp", "-f", "markdown")[1]
    items = [line for line in out.splitlines() if line.startswith("- ")]
    assert items and not any(re.match(r"- [*+-] ", line) for line in items)
    assert "marked \\*" in out  # every note is inline Markdown: `\*` renders as `*`


class _Text(yaml.SafeLoader):
    """YAML as an editor's schema checker sees it: dates stay strings."""


_Text.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema(capsys, kind: str) -> dict:
    import jsonschema

    code, out, _ = run(capsys, "schema", kind)
    assert code == 0
    data = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def test_shipped_files_validate_against_their_schemas(capsys):
    import jsonschema

    stack = schema(capsys, "stack")
    for path in sorted(STACKS_DIR.glob("Pulumi.*.yaml")):
        jsonschema.validate(yaml.load(path.read_text(), Loader=_Text), stack)
    scenario = schema(capsys, "scenario")
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        jsonschema.validate(yaml.load(path.read_text(), Loader=_Text), scenario)
    usage = schema(capsys, "usage")
    jsonschema.validate(yaml.safe_load((ROOT / "examples" / "usage.yaml").read_text()), usage)
    # a typo in an indexplan key, or a role a provider cannot play, is caught by the schema
    bad = yaml.load((STACKS_DIR / "Pulumi.pypi-2021.yaml").read_text(), Loader=_Text)
    for key, value in (("indexplan:databse", {}), ("indexplan:roles", {"analytics": "aws"})):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"config": {**bad["config"], key: value}}, stack)
    # a role the stack runs needs its sizing (pypi-2021 runs a database); one it does not run
    # does not (static-index runs no database and has none)
    unsized = {k: v for k, v in bad["config"].items() if k != "indexplan:database"}
    with pytest.raises(jsonschema.ValidationError, match="'indexplan:database' is a required"):
        jsonschema.validate({"config": unsized}, stack)
    static = yaml.load((STACKS_DIR / "Pulumi.static-index.yaml").read_text(), Loader=_Text)
    assert "database" not in static["config"]["indexplan:roles"]
    assert "indexplan:database" not in static["config"]


def test_each_schema_field_has_its_own_example(capsys):
    queue = schema(capsys, "scenario")["$defs"]["Queue"]["properties"]
    assert queue["message_size"]["examples"] == ["1 kB"]  # was "6 TB"
    assert queue["messages"]["examples"] == ["3e7/month"]


def test_sources_are_cited_inside_the_repository():
    cited = [
        *sorted(SCENARIOS_DIR.glob("*.yaml")),
        *sorted(STACKS_DIR.glob("Pulumi.*.yaml")),
    ]
    for path in cited:
        text = path.read_text()
        assert "shared/reference" not in text and "pypi-facts.md" not in text, path
    sources = (ROOT / "docs" / "sources.md").read_text()
    for path in SCENARIOS_DIR.glob("*.yaml"):
        row = re.search(r'docs/sources.md, row "([^"]+)"', path.read_text())
        assert row and f"| {row.group(1)} |" in sources, path


def test_the_stack_schema_knows_every_key_the_loader_accepts(capsys):
    from infra.config import INDEXPLAN_KEYS

    properties = schema(capsys, "stack")["properties"]["config"]["properties"]
    assert {k for k in properties if k.startswith("indexplan:")} == {
        f"indexplan:{k}" for k in INDEXPLAN_KEYS
    }


EXAMPLE_FILES = sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_file())


@pytest.mark.parametrize("command", [*COMMANDS, ("actuals",), ("diff",)], ids=" ".join)
def test_help_examples_name_shipped_files_by_their_path(capsys, command):
    """s6 review, finding 4: `--price-book contract.yaml` failed when pasted; the README writes
    examples/contract.yaml. A shipped example's bare name would fail the same way."""
    out = help_text(capsys, *command)
    written = set(re.findall(r"> ([\w.-]+)", out))  # `pulumi preview --json > preview.json`
    for name in set(EXAMPLE_FILES) - written:
        assert not re.search(rf"(?<![\w/.-]){re.escape(name)}\b", out), (name, out)
    for path in re.findall(r"examples/[\w./-]+\w", out):
        assert (ROOT / path).is_file(), path


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("estimate", "all-aws", "-s", "pypi-2026", "--price-book", "contract.yaml"),
         "--price-book: contract.yaml: no such file (the example is examples/contract.yaml)"),
        (("estimate", "--from-preview", "preview.json", "-s", "pypi-2021"),
         "--from-preview: preview.json: no such file (the example is examples/preview.json)"),
        (("estimate", "all-aws", "-s", "pypi-2026", "--usage", "mine.yaml"),
         "--usage: mine.yaml: no such file"),
        (("prices", "import", "aws", "AmazonCloudFront.json", "--dry-run"),
         "AmazonCloudFront.json: no such file (the example is examples/AmazonCloudFront.json)"),
        (("actuals", "cur.parquet", "--stack", "all-aws"),
         "cur.parquet: no such file (the example is examples/cur.parquet)"),
    ],
)  # fmt: skip
def test_a_missing_file_names_its_option_and_the_shipped_example(
    capsys, tmp_path, monkeypatch, args, line
):
    monkeypatch.chdir(tmp_path)  # a user's own directory, beside no examples/
    code, out, err = run(capsys, *args)
    assert (code, out, err) == (2, "", line + "\n")
