"""Bad input to the Pulumi-file options and the usage file: one stderr line, exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from costmodel.readers.pulumi_files import SECRET_SIGNATURE, read_export, read_preview
from tests.prices.helpers import run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pulumi"
PREVIEW = FIXTURES / "shop.preview.json"
SCENARIO = str(FIXTURES / "shop.scenario.yaml")


def _fails(capsys, *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    return err.strip()


def test_exactly_one_graph_source(capsys):
    err = _fails(capsys, "estimate", "-s", SCENARIO)
    assert err == (
        "estimate: STACK: give exactly one of STACK, --from-preview FILE, --from-state FILE, "
        "--from-terraform-plan FILE (given: none)"
    )
    err = _fails(capsys, "estimate", "pypi-2021", "--from-preview", str(PREVIEW), "-s", SCENARIO)
    assert err.endswith("(given: STACK, --from-preview)")


def test_malformed_preview(capsys, tmp_path):
    data = json.loads(PREVIEW.read_text())
    del data["steps"][2]["newState"]["type"]
    bad = tmp_path / "preview.json"
    bad.write_text(json.dumps(data))
    err = _fails(capsys, "estimate", "--from-preview", str(bad), "-s", SCENARIO)
    assert err == f"{bad}: steps.2.newState.type: required key is missing"
    bad.write_text("[]")
    err = _fails(capsys, "estimate", "--from-state", str(bad), "-s", SCENARIO)
    assert err == f"{bad}: (top level): must be an object, got list"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("assets:\n  storage: {stord: 1 TB}\n",
         "assets.storage.stord: unknown key (not one this file takes)"),
        ("asets:\n  storage: {stored: 1 TB}\n",
         "asets: no resource of this name or URN; known: assets, logs, orders-db, site-cdn"),
        ("default:\n  bucket: {storage: {stored: 1 TB}}\n",
         "default.bucket: unknown key (not one this file takes)"),
        ("logs:\n  storage: {stored: lots}\n", "logs.storage.stored: "),
    ],
)  # fmt: skip
def test_bad_usage_file(capsys, tmp_path, text, message):
    usage = tmp_path / "usage.yaml"
    usage.write_text(text)
    err = _fails(
        capsys, "estimate", "--from-preview", str(PREVIEW), "-s", SCENARIO, "--usage", str(usage)
    )
    assert err.startswith(f"{usage}: {message}")


def test_preview_reader_skips_deletes_and_reads_regions(tmp_path):
    graph = read_preview(PREVIEW)
    assert graph.stack == "prod" and graph.regions == {"aws": "us-east-1"}
    names = [r.name for r in graph.resources]
    assert "old-uploads" not in names and "shop-prod" not in names  # deleted; the stack
    db = next(r for r in graph.resources if r.name == "orders-db")
    assert db.inputs["password"] == "[secret]" and db.parent_type is None
    cdn = next(r for r in graph.resources if r.name == "site-cdn")
    assert cdn.inputs["origins"][0]["domainName"] == "[unknown]"


def test_export_reader_takes_resource_regions_from_their_provider(tmp_path):
    urn = "urn:pulumi:dev::p::"
    export = {
        "version": 3,
        "deployment": {
            "resources": [
                {"urn": f"{urn}pulumi:providers:aws::default_7_7_0", "type": "pulumi:providers:aws",
                 "inputs": {"region": "us-east-1"}},
                {"urn": f"{urn}pulumi:providers:aws::oregon", "type": "pulumi:providers:aws",
                 "inputs": {"region": "us-west-2"}},
                {"urn": f"{urn}aws:s3/bucket:Bucket::west", "type": "aws:s3/bucket:Bucket",
                 "inputs": {"password": {SECRET_SIGNATURE: "x", "ciphertext": "y"}},
                 "provider": f"{urn}pulumi:providers:aws::oregon::id-1"},
                {"urn": f"{urn}aws:s3/bucket:Bucket::east", "type": "aws:s3/bucket:Bucket",
                 "inputs": {}, "provider": f"{urn}pulumi:providers:aws::default_7_7_0::id-2"},
                {"urn": f"{urn}aws:s3/bucket:Bucket::gone", "type": "aws:s3/bucket:Bucket",
                 "inputs": {}, "delete": True},
            ]
        },
    }  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    graph = read_export(path)
    # the default provider sets the stack-wide region; a bucket of another provider gets its own
    assert graph.regions == {"aws": "us-east-1"}
    by_name = {r.name: r for r in graph.resources}
    assert by_name["west"].inputs == {"password": "[secret]", "region": "us-west-2"}
    assert by_name["east"].inputs == {}
    assert "gone" not in by_name and graph.not_priced == [
        f"{urn}aws:s3/bucket:Bucket::gone (pending deletion)"
    ]


def test_preview_config_sponsors_not_json(capsys, tmp_path):
    data = json.loads(PREVIEW.read_text())
    data["config"]["indexplan:sponsors"] = '{"aws": '
    bad = tmp_path / "preview.json"
    bad.write_text(json.dumps(data))
    err = _fails(capsys, "estimate", "--from-preview", str(bad), "-s", SCENARIO)
    assert err == (
        f"{bad}: config.indexplan:sponsors: line 1: invalid JSON (Expecting value); "
        "expected the sponsors' terms as a JSON object"
    )
