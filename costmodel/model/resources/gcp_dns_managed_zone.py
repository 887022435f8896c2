"""Cloud DNS managed zones: the zone each month and its share of the queries."""

from costmodel.model import usage
from costmodel.model.components import Component, priced

priced(
    "gcp:dns/managedZone:ManagedZone",
    Component("managed zone", "cloud_dns", "managed_zone", "zone_months", usage.one_zone),
    Component("queries", "cloud_dns", "queries", "requests", usage.dns_queries),
)
