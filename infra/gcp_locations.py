"""The Google Cloud regions a stack may name in `gcp:region`, and the Cloud Storage locations
it may name in `indexplan:storage.location`.

pulumi-gcp 10.2.0 carries no such list (its SDK has no region enum, and the provider passes a
location through to Google's API), so the lists are copied from Google:

- Regions: GoogleCloudPlatform/gcping, `tools/terraform/regions.json` (Google's own latency
  probe, deployed to every region), at commit bbad96eb73d136b6a925b3ce6eca5ca6b69b0cc3 of
  2026-07-27; the file last changed on 2026-02-02 (asia-southeast3, Bangkok). Every region
  named in the parts of Google's own location pages readable here (stored copies, read on
  2026-12-01: docs.cloud.google.com/saas-runtime/docs/locations, docs.cloud.google.com/batch/
  docs/locations, cloud.google.com/memorystore/docs/memcached/regions) is among its 43.
- Cloud Storage locations (cloud.google.com/storage/docs/locations, "Available locations";
  stored copy last updated 2025-07-31): every region above, the predefined dual-regions ASIA1,
  EUR4, EUR5, EUR7, EUR8 and NAM4 (#predefined), and the multi-regions US, EU and ASIA
  (#location-mr). A configurable dual-region is a multi-region's code plus a placement the
  program does not set, so it adds no name here.

A typo such as `MARS` or `us-centrall1` is refused (one line naming the closest names) rather
than priced as a real place with no prices; a real location the catalog does not price
(europe-west12, EUR5) is accepted and its lines are unpriced. A region Google opens after this
copy is refused until it is added here (tests/infra/test_gcp_locations.py says how to check).
"""

from __future__ import annotations

from collections.abc import Collection

GCP_REGIONS = frozenset(
    {
        "africa-south1",
        "asia-east1",
        "asia-east2",
        "asia-northeast1",
        "asia-northeast2",
        "asia-northeast3",
        "asia-south1",
        "asia-south2",
        "asia-southeast1",
        "asia-southeast2",
        "asia-southeast3",
        "australia-southeast1",
        "australia-southeast2",
        "europe-central2",
        "europe-north1",
        "europe-north2",
        "europe-southwest1",
        "europe-west1",
        "europe-west2",
        "europe-west3",
        "europe-west4",
        "europe-west6",
        "europe-west8",
        "europe-west9",
        "europe-west10",
        "europe-west12",
        "me-central1",
        "me-central2",
        "me-west1",
        "northamerica-northeast1",
        "northamerica-northeast2",
        "northamerica-south1",
        "southamerica-east1",
        "southamerica-west1",
        "us-central1",
        "us-east1",
        "us-east4",
        "us-east5",
        "us-south1",
        "us-west1",
        "us-west2",
        "us-west3",
        "us-west4",
    }
)
GCS_DUAL_REGIONS = frozenset({"ASIA1", "EUR4", "EUR5", "EUR7", "EUR8", "NAM4"})
GCS_MULTI_REGIONS = frozenset({"US", "EU", "ASIA"})
# As costmodel's normalized_gcs_location spells them: regions lower-case, the others upper-case
# (Google takes either spelling, so `us` and `US-CENTRAL1` are the same places).
GCS_LOCATIONS = GCP_REGIONS | GCS_DUAL_REGIONS | GCS_MULTI_REGIONS


def gcs_spelling(location: str) -> str:
    """`location` as GCS_LOCATIONS spells it (the catalog's spelling too)."""
    return location.lower() if "-" in location else location.upper()


def closest(value: str, known: Collection[str]) -> str:
    """`; closest: a, b` naming up to three known names like `value`, or nothing."""
    import difflib  # only for a refused value: not on the path of every valid stack

    near = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    return f"; closest: {', '.join(near)}" if near else ""


def quoted(value: object) -> str:
    """`value` as a refusal quotes it: its repr, cut to 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:79]}…"


def gcs_location_problem(location: str) -> str | None:
    """Why `location` is no Cloud Storage location (naming the closest ones), or None."""
    if gcs_spelling(location) in GCS_LOCATIONS:
        return None
    return (
        "must be a Cloud Storage location: a Google Cloud region such as us-central1, a "
        f"dual-region ({', '.join(sorted(GCS_DUAL_REGIONS))}) or a multi-region (US, EU, ASIA), "
        f"got {location!r}{closest(gcs_spelling(location), GCS_LOCATIONS)}"
    )


# ---- BigQuery: where the analytics dataset (and the log bucket it loads from) can live -------
# BigQuery's locations (docs.cloud.google.com/bigquery/docs/locations and .../biglake/docs/
# locations, "Supported locations"; stored copies read through the search tool on 2026-12-01,
# which show no last-updated date): single regions named like GCP's and the multi-regions US
# and EU; no dual-regions and no ASIA multi-region. Its region tables (Americas, Asia Pacific,
# Europe, Middle East, Africa) name every region of GCP_REGIONS except asia-southeast3 (Bangkok).
BIGQUERY_REGIONS = GCP_REGIONS - {"asia-southeast3"}
BIGQUERY_MULTI_REGIONS = frozenset({"US", "EU"})
BIGQUERY_LOCATIONS = BIGQUERY_REGIONS | BIGQUERY_MULTI_REGIONS
# The regions of each predefined dual-region (Cloud Storage's locations page, #predefined).
# Google's own table could not be read here: every stored copy of that page the search tool
# returned on 2026-12-01 (cloud.google.com and docs.cloud.google.com /storage/docs/locations,
# /bucket-locations and /dual-regions, in English and in ja, ko, pt-BR, fr, zh-CN and zh-TW;
# the zh-CN copy "last updated 2025-07-31") stops before it. What those copies of Google's page
# do say: ASIA1 is Tokyo and Osaka (the zh-TW copy names it so). The pairs below are as two
# public repositories give them, both citing that page and agreeing on every pair they share:
# ZettaAI/zetta_utils, zetta_utils/cloud_management/resource_allocation/gcloud/gcs.py at
# 21a0cbafd849 (PREDEFINED_DUAL_REGIONS, "as of April 2026": all six), and
# superdango/cloud-carbon-exporter's GCP carbon map (NewGCPCarbonIntensityMap: all but ASIA1,
# which it gives as asia-east1 + asia-southeast1, against Google's "Tokyo and Osaka"); NAM4 and
# EUR4 also as the docs.rs cloud-storage crate's DualRegion enum says. So EUR5, EUR7 and EUR8
# stand as they were (each holds London or Zurich), corroborated, not read on Google's table.
DUAL_REGION_PAIRS = {
    "ASIA1": ("asia-northeast1", "asia-northeast2"),  # Tokyo, Osaka
    "EUR4": ("europe-north1", "europe-west4"),  # Finland, Netherlands
    "EUR5": ("europe-west1", "europe-west2"),  # Belgium, London
    "EUR7": ("europe-west2", "europe-west3"),  # London, Frankfurt
    "EUR8": ("europe-west3", "europe-west6"),  # Frankfurt, Zurich
    "NAM4": ("us-central1", "us-east1"),  # Iowa, South Carolina
}
# A dual-region's dataset goes to the multi-region of its continent. EUR5, EUR7 and EUR8 each
# hold London or Zurich, outside the EU: EU is still BigQuery's only European multi-region (an
# operator who needs the statistics in the UK or Switzerland sets indexplan:analytics_location).
# ASIA1 has none: BigQuery has no ASIA multi-region.
DUAL_REGION_MULTI_REGIONS = {"NAM4": "US", "EUR4": "EU", "EUR5": "EU", "EUR7": "EU", "EUR8": "EU"}


def bigquery_location(gcs_location: str) -> str | None:
    """The BigQuery location holding a bucket at `gcs_location`, or None when there is none."""
    location = gcs_spelling(gcs_location)
    if location in BIGQUERY_REGIONS or location in BIGQUERY_MULTI_REGIONS:
        return location
    return DUAL_REGION_MULTI_REGIONS.get(location)


def bigquery_location_problem(gcs_location: str) -> str | None:
    """Why the analytics dataset cannot follow a bucket at `gcs_location`, or None."""
    if bigquery_location(gcs_location) is not None:
        return None
    location = gcs_spelling(gcs_location)
    near = "asia-northeast1" if location in ("ASIA", "ASIA1") else "asia-southeast1"
    return (
        f"the analytics dataset goes where the bucket is, and BigQuery has no location {location} "
        f"(its locations are US, EU and single regions); write a region BigQuery offers, such "
        f"as {near}, or US or EU, or set indexplan:analytics_location"
    )


def analytics_location(value: str) -> str | None:
    """`value` as the BigQuery location it names (Google's spelling), or None when it is none."""
    location = gcs_spelling(value)
    return location if location in BIGQUERY_LOCATIONS else None


def analytics_location_problem(value: object) -> str | None:
    """Why `value` is no place for the analytics dataset (naming the closest ones), or None."""
    if isinstance(value, str) and analytics_location(value) is not None:
        return None
    near = ""
    if isinstance(value, str):
        location = gcs_spelling(value)
        if location in DUAL_REGION_PAIRS:  # the places BigQuery has for that bucket's data
            places = [DUAL_REGION_MULTI_REGIONS.get(location), *DUAL_REGION_PAIRS[location]]
            near = f"; closest: {', '.join(p for p in places if p)}"
        else:
            near = closest(location, BIGQUERY_LOCATIONS)
    return (
        "must be a BigQuery location: a region such as europe-west1 or the multi-region US or "
        f"EU (no dual-region), got {quoted(value)}{near}"
    )
