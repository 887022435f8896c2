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
# A predefined dual-region's data lives in two regions of one continent; the dataset goes to that
# continent's multi-region. NAM4 is us-central1 + us-east1 and EUR4 europe-north1 + europe-west4
# (Cloud Storage's locations page); EUR5, EUR7 and EUR8 pair other European regions and go to
# EU too, BigQuery's only European multi-region. ASIA1 (Tokyo + Osaka) has none: BigQuery has no
# ASIA multi-region.
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
        f"as {near}, or US or EU"
    )
