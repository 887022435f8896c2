"""`aws:region` is one of the regions the AWS provider knows (infra/aws_regions.py)."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest
import yaml
from stack_fixtures import config_of, write_stack

from indexplan.cli import main
from infra.aws_regions import AWS_REGIONS

CATALOG_REGIONS = Path(__file__).parents[2] / "costmodel" / "catalog" / "aws" / "regions.yaml"


def _sdk_regions() -> set[str]:
    # Read the enum's source rather than importing pulumi_aws (its __init__ loads the SDK).
    spec = importlib.util.find_spec("pulumi_aws")
    assert spec is not None and spec.submodule_search_locations
    source = Path(spec.submodule_search_locations[0], "_enums.py").read_text()
    (region,) = [
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef) and node.name == "Region"
    ]
    return {
        node.value.value
        for node in region.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
    }


def test_the_copy_is_the_installed_sdks_region_enum():
    assert _sdk_regions() == AWS_REGIONS


def test_every_region_the_catalog_prices_is_a_region():
    priced = yaml.safe_load(CATALOG_REGIONS.read_text())["zone_maps"]["regions"]
    assert set(priced) <= AWS_REGIONS


@pytest.mark.parametrize("region", ["ap-southeast-3", "eusc-de-east-1", "us-gov-west-1"])
def test_a_real_region_the_catalog_does_not_price_is_accepted(capsys, tmp_path, region):
    # priced as unknown (the S3 lines unpriced, exit 0), not refused: the region exists
    config = config_of("crates-io")
    config["aws:region"] = region
    path = write_stack(tmp_path, "real", config)
    code = main(["estimate", str(path), "--scenario", "pypi-2026", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f'"reason": "no s3 price for region {region}"' in out
    assert '"complete": false' in out
