"""Fastly: bandwidth per zone and requests."""

from costmodel import usage
from costmodel.components import Component, priced

priced(
    "fastly:index/serviceVcl:ServiceVcl",
    Component("bandwidth", "cdn", "bandwidth", "bytes", usage.cdn_egress, "bandwidth"),
    Component("requests", "cdn", "requests", "requests", usage.cdn_requests),
)
