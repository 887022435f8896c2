"""The CDN serves HTTPS only, TLS 1.2 at minimum, and fetches from its origin over TLS 1.2+."""

from __future__ import annotations

import re
from collections.abc import Iterator

from costmodel.model.graph import Resource
from policy.model import Finding, Graph, dig, expected, items, of_type, shown
from policy.refs import resolve
from policy.resource_types import (
    CLOUDFRONT,
    FASTLY,
    FASTLY_TLS_ACTIVATION,
    FASTLY_TLS_SUBSCRIPTION,
    HTTP_PROXY,
    HTTPS_PROXY,
    SSL_POLICY,
    URL_MAP,
)

HTTPS_VIEWER_POLICIES = frozenset({"redirect-to-https", "https-only"})
_TLS12_OR_LATER = re.compile(r"TLSv1\.[23]_\d{4}")
GCP_TLS12_OR_LATER = frozenset({"TLS_1_2", "TLS_1_3"})
# CloudFront's origin protocols are SSLv3, TLSv1, TLSv1.1 and TLSv1.2; only the last is safe.
CLOUDFRONT_ORIGIN_PROTOCOLS = frozenset({"TLSv1.2"})
FASTLY_TLS12_OR_LATER = frozenset({"1.2", "1.3"})


def cdn_https_only(graph: Graph) -> Iterator[Finding]:
    for distribution in of_type(graph, CLOUDFRONT):
        yield from _cloudfront(distribution)
    yield from _cloud_cdn(graph)
    certified = _fastly_certified_domains(graph)
    for service in of_type(graph, FASTLY):
        yield from _fastly(service, certified)


def _cloudfront(distribution: Resource) -> Iterator[Finding]:
    inputs = distribution.inputs
    behaviors = [("defaultCacheBehavior", inputs.get("defaultCacheBehavior"))] + [
        (f"orderedCacheBehaviors[{i}]", b)
        for i, b in enumerate(items(inputs.get("orderedCacheBehaviors")))
    ]
    for where, behavior in behaviors:
        policy = dig(behavior, "viewerProtocolPolicy")
        if policy not in HTTPS_VIEWER_POLICIES:
            wanted = "redirect-to-https or https-only"
            yield expected(distribution, f"CloudFront {where}.viewerProtocolPolicy", wanted, policy)
    certificate = inputs.get("viewerCertificate")
    if dig(certificate, "cloudfrontDefaultCertificate") is True:
        yield (
            distribution,
            "CloudFront uses the default *.cloudfront.net certificate, which allows TLS 1.0; "
            "use an ACM certificate",
        )
    version = dig(certificate, "minimumProtocolVersion")
    if not (isinstance(version, str) and _TLS12_OR_LATER.fullmatch(version)):
        field = "CloudFront viewerCertificate.minimumProtocolVersion"
        yield expected(distribution, field, "TLSv1.2_2021 or later", version)
    for origin in items(inputs.get("origins")):
        custom = dig(origin, "customOriginConfig")
        if custom is None:
            continue
        name = f"CloudFront origin {dig(origin, 'originId')}"
        if dig(custom, "originProtocolPolicy") != "https-only":
            field = f"{name}: originProtocolPolicy"
            yield expected(distribution, field, "https-only", dig(custom, "originProtocolPolicy"))
        protocols = items(dig(custom, "originSslProtocols"))
        if not protocols or not set(protocols) <= CLOUDFRONT_ORIGIN_PROTOCOLS:
            yield expected(distribution, f"{name}: originSslProtocols", "['TLSv1.2']", protocols)


def _cloud_cdn(graph: Graph) -> Iterator[Finding]:
    ssl_policies = of_type(graph, SSL_POLICY)
    for proxy in of_type(graph, HTTPS_PROXY):
        reference = proxy.inputs.get("sslPolicy")
        policy = resolve(reference, ssl_policies) if reference else None
        version = policy.inputs.get("minTlsVersion") if policy else None
        if version not in GCP_TLS12_OR_LATER:
            yield (
                proxy,
                (
                    "HTTPS proxy needs an SSL policy with minTlsVersion TLS_1_2 (Google's default "
                    f"allows TLS 1.0), got {'no SSL policy' if policy is None else shown(version)}"
                ),
            )
    url_maps = of_type(graph, URL_MAP)
    for proxy in of_type(graph, HTTP_PROXY):
        url_map = resolve(proxy.inputs.get("urlMap"), url_maps)
        redirect = dig(url_map.inputs, "defaultUrlRedirect") if url_map else None
        if dig(redirect, "httpsRedirect") is not True or (
            url_map and url_map.inputs.get("defaultService")
        ):
            yield (
                proxy,
                "plain-HTTP proxy must only redirect to HTTPS "
                "(a URL map with defaultUrlRedirect.httpsRedirect true)",
            )


def _fastly_certified_domains(graph: Graph) -> set[str]:
    """Hostnames a Fastly certificate covers (a managed subscription or an activation)."""
    found = {
        d for s in of_type(graph, FASTLY_TLS_SUBSCRIPTION) for d in items(s.inputs.get("domains"))
    }
    found |= {a.inputs.get("domain") for a in of_type(graph, FASTLY_TLS_ACTIVATION)}
    return {d for d in found if isinstance(d, str)}


def _fastly(service: Resource, certified: set[str]) -> Iterator[Finding]:
    for domain in items(service.inputs.get("domains")):
        name = dig(domain, "name")
        if name not in certified:
            yield (
                service,
                f"Fastly domain {name} has no TLS certificate for viewers: add a "
                "fastly.TlsSubscription (or a TlsActivation) covering it",
            )
    settings = items(service.inputs.get("requestSettings"))
    if not any(dig(s, "forceSsl") is True and not dig(s, "requestCondition") for s in settings):
        yield (
            service,
            "Fastly service does not force TLS: "
            "add requestSettings with forceSsl true and no condition",
        )
    for backend in items(service.inputs.get("backends")):
        name = dig(backend, "name")
        if dig(backend, "useSsl") is not True:
            yield expected(
                service, f"Fastly backend {name}: useSsl", "true", dig(backend, "useSsl")
            )
        if dig(backend, "sslCheckCert") is False:  # Fastly checks the certificate by default
            yield service, f"Fastly backend {name}: sslCheckCert must not be false"
        low, high = dig(backend, "minTlsVersion"), dig(backend, "maxTlsVersion")
        if low not in FASTLY_TLS12_OR_LATER:
            yield expected(service, f"Fastly backend {name}: minTlsVersion", "'1.2' or later", low)
        if high is not None and high not in FASTLY_TLS12_OR_LATER:
            yield expected(service, f"Fastly backend {name}: maxTlsVersion", "'1.2' or later", high)
