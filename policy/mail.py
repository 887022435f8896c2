"""Outbound mail is delivered over TLS only: every SES configuration set requires it."""

from __future__ import annotations

from collections.abc import Iterator

from policy.model import Finding, Graph, dig, expected, of_type

CONFIGURATION_SET = "aws:sesv2/configurationSet:ConfigurationSet"


def email_tls_required(graph: Graph) -> Iterator[Finding]:
    for configuration in of_type(graph, CONFIGURATION_SET):
        policy = dig(configuration.inputs, "deliveryOptions", "tlsPolicy")
        if policy != "REQUIRE":
            field = "SES configuration set: deliveryOptions.tlsPolicy"
            yield expected(configuration, field, "'REQUIRE'", policy)
