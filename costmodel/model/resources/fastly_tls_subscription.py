"""Fastly TLS subscriptions: a Fastly-managed certificate, billed per domain and month at the
rate of the certification authority it is issued by ("your charges may vary based on the
certification authority you select", Fastly's TLS prerequisites and limitations guide)."""

from typing import Any

from costmodel.model import usage
from costmodel.model.components import Component, Context, Unpriceable, priced
from costmodel.model.graph import Resource


def certification_authority(subscription: Resource) -> str:
    value = subscription.inputs.get("certificateAuthority")
    if not isinstance(value, str) or not value or value.startswith("["):
        raise Unpriceable("its certification authority (certificateAuthority) is not known")
    return value.lower()


def domain_months(subscription: Resource, ctx: Context) -> dict[str, Any]:
    domains = subscription.inputs.get("domains")
    if not isinstance(domains, list) or not domains:
        raise Unpriceable("its domains are not known")
    certification_authority(subscription)  # before any quantity: the rate depends on it
    return {usage.ONE: float(len(domains))}


priced(
    "fastly:index/tlsSubscription:TlsSubscription",
    Component(
        "managed certificate",
        "tls",
        "managed_certificate",
        "zone_months",
        domain_months,
        zone=usage.ONE,
        variant=certification_authority,
    ),
)
