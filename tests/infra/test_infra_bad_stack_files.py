"""A bad stack file is one stderr line naming the file and the key, exit status 2, no output."""

from __future__ import annotations

from pathlib import Path

import pytest
from stack_fixtures import config_of, write_stack

from costmodel.files.userfile import MAX_YAML_BYTES
from indexplan.cli import main


def run(capsys, path: Path | str) -> tuple[int, str, str]:
    code = main(["resources", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(capsys, path: Path | str, *fragments: str) -> None:
    code, out, err = run(capsys, path)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(str(path)), err
    for fragment in fragments:
        assert fragment in err, err


def with_change(key: str, value: object) -> dict:
    config = config_of("pypi-2021")
    if value is None:
        del config[key]
    else:
        config[key] = value
    return config


def test_missing_file(capsys, tmp_path):
    assert_one_line_error(capsys, tmp_path / "Pulumi.gone.yaml", "no such file")


def test_directory(capsys, tmp_path):
    (tmp_path / "Pulumi.dir.yaml").mkdir()
    assert_one_line_error(capsys, tmp_path / "Pulumi.dir.yaml", "not a file")


def test_empty_file(capsys, tmp_path):
    path = tmp_path / "Pulumi.empty.yaml"
    path.write_text("")
    assert_one_line_error(capsys, path, "empty file")


def test_binary_file(capsys, tmp_path):
    path = tmp_path / "Pulumi.bin.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    assert_one_line_error(capsys, path, "binary file")


def test_huge_file_is_refused_before_parsing(capsys, tmp_path):
    path = tmp_path / "Pulumi.huge.yaml"
    with path.open("wb") as f:  # sparse: one byte past the limit, never read
        f.truncate(MAX_YAML_BYTES + 1)
    assert_one_line_error(capsys, path, "larger than 2 MB")


def test_malformed_yaml_names_the_line(capsys, tmp_path):
    path = tmp_path / "Pulumi.bad.yaml"
    path.write_text("config:\n  indexplan:domain: a\n  indexplan:roles: [cdn: fastly\n")
    assert_one_line_error(capsys, path, "line 4", "invalid YAML")


def test_top_level_must_be_a_mapping(capsys, tmp_path):
    path = write_stack(tmp_path, "list", None, top=["config"])
    assert_one_line_error(capsys, path, "(top level)", "must be a mapping")


def test_config_key_is_required(capsys, tmp_path):
    path = write_stack(tmp_path, "noconfig", None, top={"encryptionsalt": "x"})
    assert_one_line_error(capsys, path, ": config: required key is missing")


@pytest.mark.parametrize(
    ("roles_change", "fragments"),
    [
        ({"billing": "aws"}, ("indexplan:roles.billing", "unknown role")),
        ({"cdn": "azure"}, ("indexplan:roles.cdn", "unknown provider 'azure'")),
        (
            {"storage": "fastly"},
            (
                "indexplan:roles.storage",
                "fastly cannot run storage; choose aws or gcp or b2 or cloudflare",
            ),
        ),
        ({"analytics": "aws"}, ("indexplan:roles.analytics", "aws cannot run analytics")),
    ],
)
def test_roles(capsys, tmp_path, roles_change, fragments):
    config = config_of("pypi-2021")
    config["indexplan:roles"] |= roles_change
    assert_one_line_error(capsys, write_stack(tmp_path, "roles", config), *fragments)


def test_role_missing(capsys, tmp_path):
    # Only cdn and storage are required since issue 12 (a static index is just those two).
    config = config_of("pypi-2021")
    del config["indexplan:roles"]["cdn"]
    path = write_stack(tmp_path, "norole", config)
    assert_one_line_error(capsys, path, "indexplan:roles.cdn: required key is missing")


@pytest.mark.parametrize(
    ("key", "value", "fragments"),
    [
        ("indexplan:database", None, ("indexplan:database: required key is missing",)),
        ("indexplan:domain", None, ("indexplan:domain: required key is missing",)),
        ("aws:region", None, ("aws:region: required because a role runs on aws",)),
        ("gcp:project", None, ("gcp:project: required because a role runs on gcp",)),
        ("aws:region", "us-east", ("aws:region: must be an AWS region", "got 'us-east'")),
        # the right form, but no such region (audit F8): refused, not priced as a real one
        ("aws:region", "us-west-22", ("aws:region: must be an AWS region", "got 'us-west-22'")),
        ("gcp:region", "US", ("gcp:region: must be a Google Cloud region", "got 'US'")),
        ("indexplan:domian", "x.org", ("indexplan:domian: unknown key",)),
        ("indexplan:domain", "Not A Host", ("indexplan:domain:", "'Not A Host'")),
        (
            "indexplan:database",
            {"instanse": "db.r6g.large"},
            ("indexplan:database.instanse: unknown key",),
        ),
        (
            "indexplan:database",
            {"instance": "db.r6g.large", "storage_gb": 5},
            ("indexplan:database.storage_gb", "20", "got 5"),
        ),
        (
            "indexplan:database",
            {"instance": "db.r6g.large", "storage_gb": 500, "multi_az": "maybe"},
            ("indexplan:database.multi_az",),
        ),
        (
            "indexplan:cache",
            {"node_type": "cache.r6g.large"},
            ("indexplan:cache.nodes: required key is missing",),
        ),
        (
            "indexplan:sponsors",
            {"azure": {"credit_monthly_usd": 1}},
            ("indexplan:sponsors.azure: unknown provider",),
        ),
        ("indexplan:roles", "fastly", ("indexplan:roles: must be a mapping",)),
        (
            "indexplan:storage",
            {"location": "EU", "archive": "yes please"},
            ("indexplan:storage.archive",),
        ),
        ("fastly:apiKey", {"secure": 5}, ("config.fastly:apiKey", "secure: <ciphertext>")),
    ],
)
def test_keys(capsys, tmp_path, key, value, fragments):
    path = write_stack(tmp_path, "keys", with_change(key, value))
    assert_one_line_error(capsys, path, *fragments)


def test_gcp_sizing_block_under_an_aws_role_is_rejected(capsys, tmp_path):
    # The database runs on aws in pypi-2021, so a Cloud SQL tier there is a mistake.
    config = with_change("indexplan:database", {"tier": "db-custom-4-16384", "storage_gb": 500})
    assert_one_line_error(capsys, write_stack(tmp_path, "mixup", config), "indexplan:database.")


def test_unknown_stack_name_lists_the_known_ones(capsys):
    code, out, err = run(capsys, "pypi-1999")
    assert (code, out) == (2, "")
    known = "all-aws, all-gcp, crates-io, private-small, pypi-2016, pypi-2021, pypi-2024"
    assert f"pypi-1999: stack: unknown stack; known: {known}, static-index" in err


ALL_AWS = Path(__file__).parents[2] / "stacks" / "Pulumi.all-aws.yaml"


@pytest.mark.parametrize(
    ("line", "bad", "fragments"),
    [
        # a lax int reads true as 1: one ElastiCache node, priced, where the user wrote a flag
        (
            "nodes: 2",
            "nodes: true",
            ("indexplan:cache.nodes", "must be a number, not true or false"),
        ),
        (
            "storage_gb: 500",
            "storage_gb: true",
            ("indexplan:database.storage_gb", "must be a number, not true or false"),
        ),
        # a lax bool reads the string "yes" and the number 1 as true
        (
            "multi_az: true",
            'multi_az: "yes"',
            ("indexplan:database.multi_az", "must be true or false"),
        ),
        ("multi_az: true", "multi_az: 1", ("indexplan:database.multi_az", "must be true or false")),
        ("archive: true", "archive: 0", ("indexplan:storage.archive", "must be true or false")),
    ],
)
def test_a_boolean_is_not_a_number_nor_a_number_a_boolean(capsys, tmp_path, line, bad, fragments):
    text = ALL_AWS.read_text()
    assert text.count(f"    {line}\n") == 1
    path = tmp_path / "Pulumi.bools.yaml"
    path.write_text(text.replace(f"    {line}\n", f"    {bad}\n"))
    assert_one_line_error(capsys, path, *fragments)


def test_a_whole_number_written_as_a_float_is_still_a_number(capsys, tmp_path):
    # only booleans are refused: `storage_gb: 500.0` and `nodes: 2.0` stay 500 GB and two nodes
    text = ALL_AWS.read_text().replace("storage_gb: 500\n", "storage_gb: 500.0\n")
    path = tmp_path / "Pulumi.all-aws.yaml"  # the same stack name: the same URNs
    path.write_text(text.replace("nodes: 2\n", "nodes: 2.0\n"))
    assert main(["resources", str(path), "-f", "json"]) == 0
    floats = capsys.readouterr().out
    assert main(["resources", str(ALL_AWS), "-f", "json"]) == 0
    # the same resources with the same inputs
    assert floats == capsys.readouterr().out
