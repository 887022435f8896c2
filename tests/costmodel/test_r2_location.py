"""An R2 bucket without a location hint names the key that gives one (s7-review finding 9):
before the fix its parts were unpriced "set cloudflare:region in the stack", a key that does
nothing (a stack's `cloudflare:region` reaches no estimate); `indexplan:storage.location`, the
bucket's `location` input, does."""

from __future__ import annotations

from costmodel_helpers import lines, price, reasons, res
from test_cloudflare_private_index import AS_OF, R2, USAGE, ZONE

from costmodel.model.resources.cloudflare import NO_LOCATION

COMPONENTS = (
    "storage (Standard)",
    "Class A operations (uploads)",
    "Class B operations (cache misses)",
)


def test_a_bucket_without_a_location_hint_names_the_key_that_gives_one():
    bucket = res("cloudflare:index/r2Bucket:R2Bucket", "files", "storage")
    est = price([ZONE, bucket], USAGE, as_of=AS_OF)
    assert reasons(est) == [("files", c, NO_LOCATION) for c in COMPONENTS]
    assert "indexplan:storage: {location: ...}" in NO_LOCATION
    assert "cloudflare:region" not in NO_LOCATION


def test_a_bucket_with_one_is_priced():
    # r2.yaml bills decimal GB (unit_size 1e9): 10 TB = 10,000 GB-month, the first 10 free,
    # 9,990 x $0.015 = $149.85
    est = price([ZONE, R2], USAGE, as_of=AS_OF)
    assert reasons(est) == []
    assert ("storage (Standard), over 10 GB-month", "global", 0.015, 149.85) in lines(est, "files")
