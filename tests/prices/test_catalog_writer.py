"""Adding versions edits the catalog's text: anchors, merges and comments stay correct."""

from __future__ import annotations

import datetime as dt
import textwrap

from costmodel.model.prices import PriceVersion, parse_catalog_file
from costmodel.readers.price_import.catalog_writer import add_versions

CATALOG = textwrap.dedent(
    """\
    provider: aws
    prices:
      # a shared base entry
      - &base
        service: s3
        dimension: storage_standard
        zone: us-east-1
        unit: GB-month
        measure: byte_months
        unit_size: 1073741824
        versions: &v1
          - effective: 2016-01-01
            source: a page
            confidence: confirmed
            tiers: [[null, 0.023]]
      - <<: *base
        zone: us-east-2        # inherits the versions through the merge
      - <<: *base
        zone: us-west-2
        versions: *v1          # shares them through an alias
    """
)

NEW = PriceVersion(
    effective=dt.date(2026, 2, 1),
    source="offer file: index.json",
    confidence="confirmed",
    tiers=[(51200, 0.023), (None, 0.021)],
)


def test_adding_to_one_entry_leaves_those_sharing_its_versions_alone(tmp_path):
    path = tmp_path / "aws.yaml"
    path.write_text(CATALOG)
    add_versions(path, {1: [NEW]})
    prices = parse_catalog_file(path).prices
    assert [p.zone for p in prices] == ["us-east-1", "us-east-2", "us-west-2"]
    assert [len(p.versions) for p in prices] == [1, 2, 1]
    assert prices[1].versions[1] == NEW
    assert "# a shared base entry" in path.read_text()


def test_adding_the_same_version_to_all_sharers_appends_once(tmp_path):
    path = tmp_path / "aws.yaml"
    path.write_text(CATALOG)
    add_versions(path, {0: [NEW], 1: [NEW], 2: [NEW]})
    text = path.read_text()
    assert text.count("effective: 2026-02-01") == 1  # written once, under the anchor
    assert all(p.versions[-1] == NEW for p in parse_catalog_file(path).prices)


def test_adding_to_the_anchor_gives_the_others_their_own_copy(tmp_path):
    path = tmp_path / "aws.yaml"
    path.write_text(CATALOG)
    add_versions(path, {0: [NEW]})
    prices = parse_catalog_file(path).prices
    assert [len(p.versions) for p in prices] == [2, 1, 1]
    assert "source: 'offer file: index.json'" in path.read_text()  # a colon gets quoted
