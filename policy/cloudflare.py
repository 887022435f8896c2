"""A Cloudflare zone serves HTTPS only: HTTP redirected, TLS 1.2 at minimum, and origin
certificates checked (`ssl` strict; `flexible` would fetch from the origin in plain HTTP)."""

from __future__ import annotations

from collections.abc import Iterator

from policy.model import Finding, Graph, expected, of_type
from policy.refs import resolve

ZONE = "cloudflare:index/zone:Zone"
ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting"
# setting id -> the values that keep the zone on HTTPS; Cloudflare's defaults do not.
REQUIRED = {
    "always_use_https": ("on",),
    "min_tls_version": ("1.2", "1.3"),
    "ssl": ("strict", "origin_pull"),
}


def cloudflare_https_only(graph: Graph) -> Iterator[Finding]:
    zones = of_type(graph, ZONE)
    settings = of_type(graph, ZONE_SETTING)
    for zone in zones:
        mine = [s for s in settings if resolve(s.inputs.get("zoneId"), zones) is zone]
        values = {s.inputs.get("settingId"): s.inputs.get("value") for s in mine}
        for setting, allowed in REQUIRED.items():
            if values.get(setting) not in allowed:
                wanted = " or ".join(repr(a) for a in allowed)
                yield expected(
                    zone, f"Cloudflare zone setting {setting}", wanted, values.get(setting)
                )
