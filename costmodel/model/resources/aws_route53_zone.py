"""Route 53 hosted zones: the zone each month and its share of the standard queries."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "aws:route53/zone:Zone",
    Component("hosted zone", "route53", "hosted_zone", "zone_months", usage.one_zone),
    Component("standard queries", "route53", "standard_queries", "requests", usage.dns_queries),
)
