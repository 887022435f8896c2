"""Fastly: bandwidth per zone and requests."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "fastly:index/serviceVcl:ServiceVcl",
    Component("bandwidth", "cdn", "bandwidth", "bytes", usage.cdn_egress, "bandwidth"),
    Component("requests", "cdn", "requests", "requests", usage.cdn_requests),
)
