"""Cloudflare's CDN on the index's own zone, in front of a private R2 bucket.

The zone is managed here (Cloudflare proxies only names in a zone it serves): HTTPS only
(HTTP is redirected), TLS 1.2 at minimum, HSTS, origin certificates checked (`ssl: strict`),
and one cache rule keeping the immutable package files for a year at the edge and in
browsers. R2 is reached through its custom-domain binding on the files hostname, so the
bucket needs no public address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_cloudflare as cloudflare

from infra.edge import CdnEndpoint
from infra.origin import StorageOrigin

FILE_TTL_SECONDS = 365 * 24 * 3600  # uploaded files never change
HSTS_MAX_AGE = 365 * 24 * 3600
# Zone settings (Cloudflare API setting ids -> value) that keep every request on HTTPS.
ZONE_SETTINGS: dict[str, Any] = {
    "always_use_https": "on",
    "automatic_https_rewrites": "on",
    "min_tls_version": "1.2",
    "tls_1_3": "on",
    "ssl": "strict",
    "security_header": {
        "strict_transport_security": {
            "enabled": True,
            "max_age": HSTS_MAX_AGE,
            "include_subdomains": True,
            "preload": True,
            "nosniff": True,
        }
    },
}


@dataclass(frozen=True)
class CloudflareCdnArgs:
    domain: str
    hostname: str
    origin: StorageOrigin
    account_id: str


class CloudflareCdn(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: CloudflareCdnArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:cdn:Cloudflare", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        if args.origin.kind != "r2":
            raise ValueError("Cloudflare's CDN reads R2 privately; other storage is not wired")
        self.zone = cloudflare.Zone(
            f"{name}-zone",
            name=args.domain,
            account={"id": args.account_id},
            type="full",
            opts=child,
        )
        for setting, value in ZONE_SETTINGS.items():
            cloudflare.ZoneSetting(
                f"{name}-{setting.replace('_', '-')}",
                zone_id=self.zone.id,
                setting_id=setting,
                value=value,
                opts=child,
            )
        year = {"mode": "override_origin", "default": FILE_TTL_SECONDS}
        cloudflare.Ruleset(
            f"{name}-cache-rules",
            zone_id=self.zone.id,
            name="package files",
            description="package files are immutable: cache them for a year",
            kind="zone",
            phase="http_request_cache_settings",
            rules=[
                {
                    "description": "cache every file on the files hostname for a year",
                    "expression": f'(http.host eq "{args.hostname}")',
                    "action": "set_cache_settings",
                    "action_parameters": {"cache": True, "edge_ttl": year, "browser_ttl": year},
                    "enabled": True,
                }
            ],
            opts=child,
        )
        # Serves the bucket on the files hostname through this zone (and creates its record).
        cloudflare.R2CustomDomain(
            f"{name}-r2-domain",
            account_id=args.account_id,
            bucket_name=args.origin.bucket,
            domain=args.hostname,
            zone_id=self.zone.id,
            enabled=True,
            min_tls="1.2",
            opts=child,
        )
        self.name_servers = self.zone.name_servers
        self.endpoint = CdnEndpoint(
            hostname=args.hostname, target=pulumi.Output.from_input(args.hostname)
        )
        self.register_outputs({"zone_id": self.zone.id, "name_servers": self.name_servers})
