"""A private index's Cloudflare zone and key, priced (costmodel/catalog/cloudflare/zones.yaml,
costmodel/catalog/gcp/secret_manager.yaml), and what `compare` says of a cheapest setup on a
Cloudflare self-serve plan. Figures worked by hand from those files."""

from __future__ import annotations

import datetime as dt

from costmodel_helpers import lines, price, reasons, res

from costmodel.model.graph import Resource
from costmodel.model.scenario import parse_scenario
from costmodel.planning.compare import Setup, compare

AS_OF = "2026-11-30"
USAGE = {
    "traffic": {"egress": "100 TB/month", "requests": "1e9/month", "cache_hit_ratio": 0.9},
    "storage": {"stored": "10 TB", "uploads": "1e5/month"},
}
ZONE = res("cloudflare:index/zone:Zone", "cdn-zone", "cdn", type="full")
R2 = res("cloudflare:index/r2Bucket:R2Bucket", "files", "storage", location="enam")
CACHE_LIMIT_NOTE = (
    "Cloudflare self-serve plan (Pro): caches files up to 512 MB (Enterprise, quoted per "
    "customer: 5 GB); developers.cloudflare.com/cache/concepts/default-cache-behavior/"
)


def subscription(plan: str, zone: str = "cdn-zone-b6ec18c2") -> Resource:
    return res(
        "cloudflare:index/zoneSubscription:ZoneSubscription",
        "cdn-plan",
        "cdn",
        zoneId=zone,
        ratePlan={"id": plan},
        frequency="monthly",
    )


def test_a_subscribed_zone_is_priced_once_at_its_plan():
    est = price([ZONE, subscription("pro"), R2], USAGE, as_of=AS_OF)
    # zones.yaml: Pro billed monthly $25 per zone-month (since 2023-01-01); the zone itself adds
    # no Free-plan line
    assert lines(est, "cdn-plan") == [("plan", "global", 25, 25.0)]
    assert lines(est, "cdn-zone") == []
    assert (
        "Cloudflare Pro plan: a flat fee per zone, billed monthly, no bandwidth charge" in est.notes
    )
    assert CACHE_LIMIT_NOTE in est.notes


def test_a_zone_without_a_subscription_stays_on_free():
    est = price([ZONE, R2], USAGE, as_of=AS_OF)
    assert lines(est, "cdn-zone") == [("plan", "global", 0, 0.0)]
    assert "Cloudflare Free plan: no plan fee, no bandwidth charge" in est.notes
    assert CACHE_LIMIT_NOTE.replace("(Pro)", "(Free)") in est.notes


def test_enterprise_is_quoted_so_unpriced():
    est = price([ZONE, subscription("enterprise")], USAGE, as_of=AS_OF)
    (why,) = reasons(est)
    assert why[0] == "cdn-plan" and "quoted per customer" in why[2]
    assert not any(n.startswith("Cloudflare self-serve") for n in est.notes)


def test_the_file_token_key_is_within_secret_managers_free_versions():
    secret = res("gcp:secretmanager/secret:Secret", "app-key", "app", secretId="key")
    version = res("gcp:secretmanager/secretVersion:SecretVersion", "app-key-version", "app")
    est = price([secret, version], USAGE, as_of=AS_OF)
    # secret_manager.yaml: $0.06 per active version-month, 6 a month free per billing
    # account: one version, all of it free
    assert lines(est, "app-key") == [
        ("active version, first 1 version-month (free)", "global", 0, 0.0)
    ]
    assert reasons(est) == []
    seven = [
        res("gcp:secretmanager/secret:Secret", f"k{i}", "app", secretId=f"k{i}") for i in range(7)
    ]
    # seven versions: six free, the seventh 1 x 0.06 = $0.06
    assert round(sum(i.monthly_usd for i in price(seven, USAGE, as_of=AS_OF).line_items), 2) == 0.06


def test_compare_notes_a_cheapest_setup_on_a_self_serve_plan():
    scenario = parse_scenario(USAGE, "test.yaml", "test")
    flare = Setup("flare", [ZONE, subscription("pro"), R2], {"gcp": "us-central1"}, {})
    result = compare([flare], scenario, dt.date.fromisoformat(AS_OF))
    assert [e.stack for e in result.cheapest("list")] == ["flare"]
    assert result.caveats() == [
        f"flare: its CDN is priced at a flat plan fee whatever the traffic. {CACHE_LIMIT_NOTE}"
    ]
