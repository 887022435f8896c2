"""Bad stack files, catalogs, usage files, Pulumi previews and exports, price import files and
options: one stderr line naming the file (or option), the field path and what was expected."""

from __future__ import annotations

import json

import pytest
import yaml
from bad_input import PREVIEW, bad_files

from costmodel.errors import InputError
from costmodel.model.prices import parse_catalog_file
from costmodel.readers.pulumi_files import MAX_TOOL_BYTES
from indexplan.paths import STACKS_DIR

BROKEN = ["empty", "directory", "binary", "not utf-8", "50 MB", "missing"]


def stack_config():
    return yaml.safe_load((STACKS_DIR / "Pulumi.all-aws.yaml").read_text())["config"]


def write_stack(tmp_path, config):
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text(yaml.safe_dump({"config": config}))
    return path


# --- stack files: refused before the program runs -------------------------------------------


def stack_with(key, value):
    config = stack_config()
    if value is None:
        del config[key]
    else:
        config[key] = value
    return config


@pytest.mark.parametrize(
    ("config", "fragments"),
    [
        (
            stack_with("indexplan:roles", {**stack_config()["indexplan:roles"], "mail": "aws"}),
            ("indexplan:roles.mail", "unknown role; known: cdn, storage"),
        ),
        (
            stack_with("indexplan:roles", {**stack_config()["indexplan:roles"], "cdn": "azure"}),
            ("indexplan:roles.cdn", "unknown provider 'azure'; known: aws, gcp, fastly"),
        ),
        (stack_with("indexplan:domain", None), ("indexplan:domain", "required key is missing")),
        (stack_with("indexplan:egres", 5), ("indexplan:egres", "unknown key; known:")),
        (
            stack_with("indexplan:cache", {"node_type": "cache.t4g.small", "nodes": "two"}),
            ("indexplan:cache.nodes", "valid integer", "'two'"),
        ),
        (
            stack_with("indexplan:database", {"instance": "db.t4g.medium", "storage_gb": -20}),
            ("indexplan:database.storage_gb", "greater than or equal to 20"),
        ),
    ],
)
@pytest.mark.parametrize("command", ["resources", "estimate"])
def test_bad_stack_field(tmp_path, refused, config, fragments, command):
    path = write_stack(tmp_path, config)
    extra = ["-s", "pypi-2021"] if command == "estimate" else []
    refused([command, path, *extra], f"{path}: ", *fragments)


def test_malformed_stack_yaml_names_its_line(tmp_path, refused):
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text("config:\n  aws:region: us-east-1\n  indexplan:roles: {cdn: aws\n")
    refused(["resources", path], f"{path}: line 4: invalid YAML")


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_stack_file(tmp_path, refused, case):
    path, fragment = bad_files(tmp_path, ".yaml")[case]
    refused(["resources", path], f"{path}: ", fragment)


@pytest.mark.parametrize("command", ["resources", "check", "estimate", "compare"])
def test_unknown_stack_name_lists_the_known_ones(refused, command):
    extra = ["-s", "pypi-2021"] if command in ("estimate", "compare") else []
    refused(
        [command, "pypi-1999", *extra],
        "pypi-1999: stack: unknown stack; known: all-aws, all-gcp, crates-io, private-small, "
        "pypi-2016, pypi-2021, pypi-2024, static-index",
    )


# --- price catalog: through `prices check --catalog`, and the loader itself -----------------


def break_catalog(catalog_copy, change):
    path = catalog_copy / "aws" / "route53.yaml"
    doc = yaml.safe_load(path.read_text())
    change(doc["prices"][0])
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def set_tiers(tiers):
    return lambda price: price["versions"][0].update(tiers=tiers)


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (set_tiers([[10240, 0.085], [10240, 0.08], [None, 0.06]]), ("tier 2", "overlapping")),
        (set_tiers([[10240, 0.085], [1024, 0.08], [None, 0.06]]), ("tier 2", "unordered")),
        (set_tiers([[None, 0.085], [1024, 0.08]]), ("tier 1", "only the last tier")),
        (set_tiers([[1024, 0.085], [None, -0.01]]), ("tier 2", "price must be >= 0")),
        # non-finite numbers are refused as the YAML is read (issue 16), at their key path
        (set_tiers([[1024, 0.085], [None, float("nan")]]), ("tiers.1.1", "finite")),
        (set_tiers([[float("inf"), 0.085], [None, 0.08]]), ("tiers.0.0", "finite")),
        (lambda p: p["versions"][0].pop("source"), ("versions.0.source", "required key")),
        (lambda p: p["versions"][0].update(source=""), ("versions.0.source", "at least 1")),
        (lambda p: p.update(unti="GB"), ("prices.0.unti", "unknown key")),
        (lambda p: p.update(measure="furlongs"), ("prices.0.measure", "'bytes'")),
    ],
)
def test_bad_catalog_entry(catalog_copy, refused, change, fragments):
    path = break_catalog(catalog_copy, change)
    line = refused(["prices", "check", "--catalog", catalog_copy], f"{path}: prices.0.", *fragments)
    with pytest.raises(InputError) as raised:
        parse_catalog_file(path)
    assert str(raised.value) == line


def test_an_empty_catalog_directory(tmp_path, refused):
    refused(["prices", "check", "--catalog", tmp_path], f"{tmp_path}: no price catalog files")


@pytest.mark.parametrize("case", BROKEN[:-1])
def test_a_broken_catalog_file(catalog_copy, refused, case):
    bad, fragment = bad_files(catalog_copy.parent, ".yaml")[case]
    target = catalog_copy / "zz.yaml"
    bad.rename(target)
    refused(["prices", "check", "--catalog", catalog_copy], f"{target}: ", fragment)


def test_prices_as_of_before_the_earliest_price(refused):
    refused(
        ["estimate", "--from-preview", PREVIEW, "-s", "pypi-2021", "--prices-as-of", "2001-01-01"],
        "--prices-as-of: 2001-01-01: before the earliest known price",
    )


# --- options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--prices-as-of", "2021-13-01"], ("--prices-as-of", "2021-13-01", "YYYY-MM-DD")),
        (["--prices-as-of", "yesterday"], ("--prices-as-of", "YYYY-MM-DD")),
        (["--format", "xml"], ("option --format: expected one of table, json", "got 'xml'")),
        (["--bogus"], ("--bogus",)),
    ],
)
def test_bad_option(refused, args, fragments):
    refused(["estimate", "--from-preview", PREVIEW, "-s", "pypi-2021", *args], *fragments)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["project", "-s", "pypi-2021", "--months", "-3"], ("--months",)),
        (["project", "-s", "pypi-2021", "--start", "2024-13"], ("--start", "2024-13")),
        (["sweep", "-s", "pypi-2021", "--vary", "egres=1TB..2TB"], ("--vary", "egres")),
        (["sweep", "-s", "pypi-2021", "--vary", "egress=2TB..1TB"], ("--vary",)),
        (["sweep", "-s", "pypi-2021", "--vary", "egress=1TB..2TB", "-n", "1"], ("--points",)),
        (["prices", "show", "s3", "--as-of", "2021-02-30"], ("--as-of", "2021-02-30")),
        (["prices", "check", "--today", "soon"], ("--today", "soon")),
    ],
)
def test_bad_option_of_other_commands(refused, args, fragments):
    refused([args[0], "pypi-2021", *args[1:]] if args[0] == "project" else args, *fragments)


# --- usage files ------------------------------------------------------------------------------


def usage_run(path):
    return ["estimate", "--from-preview", PREVIEW, "-s", "pypi-2021", "--usage", path]


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("storage:\n  storage: {stored: 5 XB}\n", ("storage.storage.stored", "unknown unit")),
        ("storage:\n  storage: {stored: .nan}\n", ("storage.storage.stored", "finite")),
        ("storage:\n  serves_cdn: maybe\n", ("storage.serves_cdn", "boolean")),
        ("storage:\n  storag: {stored: 1 TB}\n", ("storage.storag", "unknown key")),
        ("default:\n  mail: {}\n", ("default.mail",)),
        ("storage: [1, 2\n", ("line", "invalid YAML")),
    ],
)
def test_bad_usage_file(tmp_path, refused, text, fragments):
    path = tmp_path / "usage.yaml"
    path.write_text(text)
    refused(usage_run(path), f"{path}: ", *fragments)


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_usage_file(tmp_path, refused, case):
    path, fragment = bad_files(tmp_path, ".yaml")[case]
    refused(usage_run(path), f"{path}: ", fragment)


# --- Pulumi previews and state exports ---------------------------------------------------------


@pytest.mark.parametrize("option", ["--from-preview", "--from-state"])
@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ('{"steps": [1, 2,\n', ("line 2", "invalid JSON")),
        ("[1, 2]", ("(top level)", "must be an object, got list")),
    ],
)
def test_bad_pulumi_file(tmp_path, refused, option, text, fragments):
    path = tmp_path / "pulumi.json"
    path.write_text(text)
    refused(["estimate", option, path, "-s", "pypi-2021"], f"{path}: ", *fragments)


def test_a_preview_with_wrong_types(tmp_path, refused):
    doc = json.loads(PREVIEW.read_text())
    doc["steps"][1]["op"] = 7
    path = tmp_path / "preview.json"
    path.write_text(json.dumps(doc))
    refused(["estimate", "--from-preview", path, "-s", "pypi-2021"], f"{path}: steps.1.op")


@pytest.mark.parametrize("option", ["--from-preview", "--from-state"])
@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_pulumi_file(tmp_path, refused, option, case):
    path, fragment = bad_files(tmp_path, ".json", MAX_TOOL_BYTES)[case]
    refused(["estimate", option, path, "-s", "pypi-2021"], f"{path}: ", fragment)


# --- price import files ----------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["aws", "gcp"])
@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_price_file(tmp_path, catalog_copy, refused, provider, case):
    path, fragment = bad_files(tmp_path, ".json")[case]
    args = ["prices", "import", provider, path, "--catalog", catalog_copy, "--dry-run"]
    refused(args, f"{path}: ", fragment)


@pytest.mark.parametrize(
    ("provider", "text", "fragments"),
    [
        ("aws", '{"products": {', ("line 1", "invalid JSON")),
        ("aws", '{"offerCode": 5, "products": [], "terms": 1}', ("offerCode",)),
        ("gcp", '{"skus": "none"}', ("skus",)),
        ("gcp", "[]", ("(top level)",)),
    ],
)
def test_bad_price_file(tmp_path, catalog_copy, refused, provider, text, fragments):
    path = tmp_path / "prices.json"
    path.write_text(text)
    args = ["prices", "import", provider, path, "--catalog", catalog_copy, "--dry-run"]
    refused(args, f"{path}: ", *fragments)


# --- found by the fuzz test ------------------------------------------------------------------


@pytest.mark.parametrize("brk", ["\v", "\f", "\x1c", "\u2028", "\x85"])
def test_a_key_holding_a_line_break_stays_on_one_line(tmp_path, refused, brk):
    # str.splitlines (and a terminal) break lines at these, not only at \n.
    path = write_stack(tmp_path, {**stack_config(), f"odd{brk}key": 1})
    # escaped, not replaced (issue 16): the key is shown as written, on one line
    shown = brk.encode("unicode_escape").decode()
    refused(["resources", path], f"{path}: odd{shown}key: config keys are namespaced")
