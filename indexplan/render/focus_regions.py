"""FOCUS RegionName: the provider's display name of a RegionId (FOCUS 1.2 regionname.md: present
where the provider deploys into regions, "MUST NOT be null when RegionId is not null").

Sources:
- AWS: the location names of AWS's price data (the Price List `location` attribute, the names
  costmodel/readers/price_import/aws_feed.AWS_LOCATIONS reads: "US East (N. Virginia)"), which is
  what AWS's own FOCUS export and CUR `product_location` write.
- Google Cloud: the region descriptions of Google's location tables (cloud.google.com, e.g.
  "Looker (Google Cloud core) locations": us-central1 "Iowa", europe-west1 "Belgium"), and the
  Cloud Storage multi-regions (cloud.google.com/storage/docs/locations: US, EU, ASIA).
A region neither table names keeps its id as its name: never null beside a RegionId.
"""

from __future__ import annotations

from functools import cache

GCP_REGIONS = {
    "us-central1": "Iowa", "us-east1": "South Carolina", "us-east4": "Northern Virginia",
    "us-east5": "Columbus", "us-south1": "Dallas", "us-west1": "Oregon",
    "us-west2": "Los Angeles", "us-west3": "Salt Lake City", "us-west4": "Las Vegas",
    "northamerica-northeast1": "Montréal", "northamerica-northeast2": "Toronto",
    "southamerica-east1": "São Paulo", "southamerica-west1": "Santiago",
    "europe-west1": "Belgium", "europe-west2": "London", "europe-west3": "Frankfurt",
    "europe-west4": "Netherlands", "europe-west6": "Zürich", "europe-west8": "Milan",
    "europe-west9": "Paris", "europe-west10": "Berlin", "europe-west12": "Turin",
    "europe-north1": "Finland", "europe-central2": "Warsaw", "europe-southwest1": "Madrid",
    "me-central1": "Doha", "me-central2": "Dammam", "me-west1": "Tel Aviv",
    "asia-east1": "Taiwan", "asia-east2": "Hong Kong", "asia-northeast1": "Tokyo",
    "asia-northeast2": "Osaka", "asia-northeast3": "Seoul", "asia-south1": "Mumbai",
    "asia-south2": "Delhi", "asia-southeast1": "Singapore", "asia-southeast2": "Jakarta",
    "australia-southeast1": "Sydney", "australia-southeast2": "Melbourne",
    "US": "United States (multi-region)", "EU": "European Union (multi-region)",
    "ASIA": "Asia (multi-region)",
}  # fmt: skip


@cache
def _names(provider: str) -> dict[str, str]:
    if provider == "aws":  # the price importer's table, loaded only when a FOCUS file is written
        from costmodel.readers.price_import.aws_feed import AWS_LOCATIONS

        return {code: name for name, code in AWS_LOCATIONS.items()}
    return GCP_REGIONS if provider == "gcp" else {}


def region_name(provider: str, region_id: str | None) -> str | None:
    """`region_id`'s display name at `provider` (its id where no table names it; None: none)."""
    if not region_id:
        return None
    return _names(provider).get(region_id, region_id)
