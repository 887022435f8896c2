"""Fastly VCL service in front of S3, GCS, B2 or R2: TLS to the origin, shielding, HTTPS only.

A bucket outside AWS's own reach stays private: each origin fetch is signed with AWS Signature
v4 in a `miss` snippet (sigv4_miss.vcl), Fastly's documented pattern "Using S3-compatible
buckets as private origins" (fastly.com/documentation/solutions/examples/
aws-s3-bucket-origin-private; "compatible with ... AWS S3, and most other S3-compatible
storage offerings"), with `digest.awsv4_hmac` and service `s3`. R2 takes it at its account's
S3 endpoint with region `auto` (developers.cloudflare.com/r2/api/tokens/).
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, NamedTuple

import pulumi
import pulumi_fastly as fastly

from infra.cdn import component_props
from infra.edge import CdnEndpoint, LogSink
from infra.origin import ReaderKey, StorageOrigin

SIGNING_SNIPPET = Path(__file__).with_name("sigv4_miss.vcl")
# Fastly's CNAME target for hostnames on a Fastly-managed (TLS subscription) certificate.
TLS_CNAME_TARGET = "dualstack.t.sni.global.fastly.net"
HSTS = '"max-age=31536000; includeSubDomains; preload"'
# Files are immutable once uploaded; a year of caching is what PyPI serves them with.
FILE_TTL_SECONDS = 365 * 24 * 3600
# Download log lines as JSON, one per request, for the BigQuery loader and for
# `indexplan scenario from-logs` (fields: costmodel/readers/logs/README.md): bytes to the
# client, the cache state (HIT, MISS, PASS, ...), the POP and the method let a scenario be
# derived from these logs.
LOG_FORMAT = (
    '{"timestamp":"%{strftime(\\{"%Y-%m-%dT%H:%M:%SZ"\\}, time.start)}V",'
    '"url":"%{json.escape(req.url)}V","user_agent":"%{json.escape(req.http.User-Agent)}V",'
    '"country":"%{client.geo.country_code}V","status":%{resp.status}V,"bytes":%{resp.bytes_written}V,'
    '"method":"%{json.escape(req.method)}V","cache":"%{fastly_info.state}V",'
    '"pop":"%{server.datacenter}V"}'
)


class FastlyCdnArgs(NamedTuple):
    hostname: str
    origin: StorageOrigin
    shield: str = "iad-va-us"  # shield POP near us-east origins
    logs: LogSink | None = None
    # An archive on another provider: a miss the primary answers 404 or 5xx is retried there.
    fallback: StorageOrigin | None = None
    app_routes: str | None = None  # indexplan:app_routes, said on the component


# Restarted requests (the primary missed) go to the archive backend, as PyPI's S3 fallback.
FALLBACK_RECV = "if (req.restarts > 0) {\n  set req.backend = F_archive;\n}\n"
FALLBACK_FETCH = (
    "if (req.restarts == 0 && !req.backend.is_shield && "
    "(beresp.status == 404 || beresp.status >= 500)) {\n  restart;\n}\n"
)


class FastlyCdn(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: FastlyCdnArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:cdn:Fastly", name, component_props(args.app_routes), opts)
        child = pulumi.ResourceOptions(parent=self)
        origin = args.origin
        backends = {"storage": origin}
        if args.fallback is not None:
            backends["archive"] = args.fallback
        service_args: dict[str, Any] = {
            "name": args.hostname,
            "domains": [{"name": args.hostname, "comment": "package files"}],
            "backends": [_backend(label, o, args.shield) for label, o in backends.items()],
            "request_settings": [{"name": "force-tls", "force_ssl": True}],
            "headers": [
                {
                    "name": "hsts",
                    "type": "response",
                    "action": "set",
                    "destination": "http.Strict-Transport-Security",
                    "source": HSTS,
                }
            ],
            "default_ttl": FILE_TTL_SECONDS,
            "force_destroy": False,
        }
        snippets = [
            {
                "name": f"sign-{'origin' if label == 'storage' else label}-requests",
                "type": "miss",
                "content": _signing(o, o.reader, _restarts(label, args.fallback)),
            }
            for label, o in backends.items()
            if o.reader is not None
        ]
        if args.fallback is not None:
            snippets += [
                {"name": "archive-on-restart", "type": "recv", "content": FALLBACK_RECV},
                {"name": "retry-misses-on-archive", "type": "fetch", "content": FALLBACK_FETCH},
            ]
        if snippets:
            service_args["snippets"] = snippets
        if args.logs is not None:
            service_args["logging_gcs"] = [
                {
                    "name": "download-logs",
                    "bucket_name": args.logs.bucket,
                    "account_name": args.logs.account_email,
                    "project_id": args.logs.project,
                    "path": "/downloads/",
                    "period": 300,
                    "format": LOG_FORMAT,
                    "format_version": 2,
                    "message_type": "blank",
                    "compression_codec": "zstd",
                }
            ]
        self.service = fastly.ServiceVcl(f"{name}-service", **service_args, opts=child)
        self.certificate = fastly.TlsSubscription(
            f"{name}-certificate",
            domains=[args.hostname],
            certificate_authority="lets-encrypt",
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.service]),
        )
        self.endpoint = CdnEndpoint(
            hostname=args.hostname,
            target=pulumi.Output.from_input(TLS_CNAME_TARGET),
            issuers=("letsencrypt.org",),
        )
        self.register_outputs({"service_id": self.service.id, "cname_target": TLS_CNAME_TARGET})


def _backend(name: str, origin: StorageOrigin, shield: str) -> dict[str, Any]:
    return {
        "name": name,
        "address": origin.host,
        "port": 443,
        "use_ssl": True,
        "ssl_check_cert": True,
        "ssl_cert_hostname": origin.host,
        "ssl_sni_hostname": origin.host,
        "override_host": origin.host,
        "min_tls_version": "1.2",
        "shield": shield,
    }


def _restarts(backend: str, fallback: StorageOrigin | None) -> str:
    """The VCL condition under which `backend` is the one fetched from."""
    if fallback is None:
        return ""
    return " && req.restarts == 0" if backend == "storage" else " && req.restarts > 0"


def _signing(origin: StorageOrigin, reader: ReaderKey, condition: str = "") -> pulumi.Output[str]:
    template = SIGNING_SNIPPET.read_text()
    # GCS's S3-compatible API and R2's account endpoint are path-style (/<bucket>/<object>);
    # S3's and B2's hosts name the bucket.
    path_style = origin.kind in ("gcs", "r2")
    prefix = origin.bucket.apply(lambda b: f"/{b}") if path_style else ""

    def render(values: list[Any]) -> str:
        key_id, secret, host, path_prefix = values
        literals = {
            "ACCESS_KEY_ID": key_id,
            "SECRET": secret,
            "REGION": origin.region,
            "HOST": host,
            "PATH_PREFIX": path_prefix,
        }
        return render_snippet(template, literals).replace("@@CONDITION@@", condition)

    rendered = pulumi.Output.all(reader.access_key_id, reader.secret, origin.host, prefix).apply(
        render
    )
    return pulumi.Output.secret(rendered)


# What a value may keep as is inside a VCL "..." literal; any other byte is written %XX, which
# Fastly decodes to that same byte (docs.fastly.com/vcl/types/string/), so a value cannot end
# the literal and start a statement of its own.
_VCL_LITERAL_SAFE = frozenset(string.ascii_letters + string.digits + "-._~/+=:")


def vcl_literal_body(value: str) -> str:
    """`value` written for the inside of a VCL "..." string literal."""
    if "\0" in value:  # %00 ends a VCL string there: the value would be cut short
        raise ValueError("a NUL character cannot be written in a VCL string")
    return "".join(
        ch if ch in _VCL_LITERAL_SAFE else "".join(f"%{b:02X}" for b in ch.encode()) for ch in value
    )


def render_snippet(template: str, literals: dict[str, str]) -> str:
    """Fill each `"@@NAME@@"` placeholder (a whole string literal) with its escaped value."""
    for name, value in literals.items():
        placeholder = f'"@@{name}@@"'
        if placeholder not in template:
            raise ValueError(f"{name} is not the whole of a string literal in the VCL template")
        template = template.replace(placeholder, f'"{vcl_literal_body(value)}"')
    return template
