"""Cloudflare's CDN on the index's own zone, in front of a private R2 bucket.

The zone is managed here (Cloudflare proxies only names in a zone it serves): HTTPS only
(HTTP is redirected), TLS 1.2 at minimum, HSTS, origin certificates checked (`ssl: strict`),
and one cache rule keeping the immutable package files for a year at the edge and in
browsers. R2 is reached through its custom-domain binding on the files hostname, so the
bucket needs no public address.

A private index (`indexplan:private: true`) also needs a token on its files host: a WAF
custom rule blocks every request whose URL does not carry a valid, unexpired HMAC signed
with a generated key, Cloudflare's documented token authentication
(developers.cloudflare.com/waf/custom-rules/use-cases/configure-token-authentication/, with
`is_timed_hmac_valid_v0()`). The app holds the key and signs each file URL it lists in the
simple index. Package clients (pip, uv, cargo) follow those URLs as given but send no extra
headers, so Cloudflare Access service tokens (two request headers) would not fit them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pulumi
import pulumi_cloudflare as cloudflare
import pulumi_random as random

from infra.cdn import component_props
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
# "Access to the is_timed_hmac_valid_v0() HMAC validation function requires a Cloudflare Pro,
# Business, or Enterprise plan" (developers.cloudflare.com/ruleset-engine/rules-language/
# functions/#hmac-validation): the cheapest is Pro.
TOKEN_PLAN = "pro"
# How long a signed file URL stays good: a client downloads what an index page lists within
# minutes; a leaked URL (a CI log, a lock file) expires. The app must not let index pages be
# cached for longer.
TOKEN_TTL_SECONDS = 3600
TOKEN_PARAMETER = "verify"  # /<path>?verify=<issued unix time>-<base64 HMAC-SHA256>


def token_rule(hostname: str, key: str) -> str:
    """Matches a files-host request whose URL carries no valid token (Cloudflare's example
    rule, separator `?verify=`): the key is a literal in the rule, so the rule is secret."""
    separator = len(f"?{TOKEN_PARAMETER}=")
    return (
        f'(http.host eq "{hostname}" and not is_timed_hmac_valid_v0('
        f'"{key}", http.request.uri, {TOKEN_TTL_SECONDS}, http.request.timestamp.sec, '
        f"{separator}))"
    )


class CloudflareCdnArgs(NamedTuple):
    domain: str
    hostname: str
    origin: StorageOrigin
    account_id: str
    private: bool = False  # files only through URLs the app signed
    plan: str | None = None  # the zone's plan (indexplan:cdn.plan); None: Free, Pro if private
    app_routes: str | None = None  # indexplan:app_routes, said on the component


class CloudflareCdn(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: CloudflareCdnArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        # A private index says so on its component, where the policy rules find it.
        props = component_props(args.app_routes, private=args.private)
        super().__init__("indexplan:cdn:Cloudflare", name, props, opts)
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
        cache: dict[str, Any] = {"cache": True, "edge_ttl": year, "browser_ttl": year}
        plan = args.plan or (TOKEN_PLAN if args.private else "free")
        if plan != "free":  # a zone without a subscription is on Free
            cloudflare.ZoneSubscription(
                f"{name}-plan",
                zone_id=self.zone.id,
                rate_plan={"id": plan},
                frequency="monthly",
                opts=child,
            )
        self.token_key: pulumi.Output[str] | None = None
        if args.private:
            self.token_key = self._token_check(name, args.hostname, child)
            # Each signed URL differs only in its token: one cached copy per file, not per URL
            # ("Cache Everything while ignoring query strings", Cloudflare's cache rule example).
            cache["cache_key"] = {"custom_key": {"query_string": {"exclude": {"all": True}}}}
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
                    "action_parameters": cache,
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

    def _token_check(
        self, name: str, hostname: str, child: pulumi.ResourceOptions
    ) -> pulumi.Output[str]:
        """A generated key and the WAF rule that blocks the files host without a valid token
        (custom rules run before the cache, so cached files are guarded too; the zone is on a
        plan with the HMAC function). Returns the key, a secret, for the app."""
        key = random.RandomPassword(f"{name}-file-token-key", length=64, special=False, opts=child)
        rule: pulumi.Output[str] = pulumi.Output.secret(
            key.result.apply(lambda k: token_rule(hostname, k))
        )
        cloudflare.Ruleset(
            f"{name}-file-tokens",
            zone_id=self.zone.id,
            name="package file tokens",
            description="a private index: files only through URLs the app signed",
            kind="zone",
            phase="http_request_firewall_custom",
            rules=[
                {
                    "description": "block the files hostname without a valid token",
                    "expression": rule,
                    "action": "block",
                    "enabled": True,
                }
            ],
            opts=child,
        )
        return pulumi.Output.secret(key.result)
