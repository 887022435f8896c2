"""An R2 bucket without a location hint is priced (s12-review finding 5): Cloudflare places such
a bucket itself ("Automatic", its recommended default: developers.cloudflare.com/r2/reference/
data-location) and R2 has one price for every place (costmodel/catalog/cloudflare/r2.yaml), so
a hint changes nothing in the bill. Before, its parts were unpriced until a hint was set."""

from __future__ import annotations

from costmodel_helpers import lines, price, reasons, res
from test_cloudflare_private_index import AS_OF, R2, USAGE, ZONE

from costmodel.model.resources.cloudflare import AUTOMATIC

# r2.yaml bills decimal GB (unit_size 1e9): 10 TB = 10,000 GB-month, the first 10 free,
# 9,990 x $0.015 = $149.85
STORAGE = ("storage (Standard), over 10 GB-month", "global", 0.015, 149.85)


def test_a_bucket_without_a_location_hint_is_priced_as_one_with_a_hint():
    automatic = res("cloudflare:index/r2Bucket:R2Bucket", "files", "storage", jurisdiction="eu")
    placed = price([ZONE, automatic], USAGE, as_of=AS_OF)
    hinted = price([ZONE, R2], USAGE, as_of=AS_OF)
    assert reasons(placed) == []
    assert STORAGE in lines(placed, "files")
    assert lines(placed, "files") == lines(hinted, "files")
    assert AUTOMATIC in placed.notes
    assert AUTOMATIC not in hinted.notes
