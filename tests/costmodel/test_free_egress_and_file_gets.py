"""Two bill leftovers of session 8, worked by hand.

1. Cloud Run's free internet egress: "a free tier of 1GiB free data transfer within North
   America per month" (cloud.google.com/run/pricing, checked 2026-11-30). Within North America:
   a service in a North American region (us-*, northamerica-*), responses to the scenario's
   north_america share. Catalog gcp/egress.json: us-central1 and europe-west1 to the Americas,
   $0.12 per GiB for the first 1,024 GiB. The free GiB is shown as a "(free)" line at the
   bottom of the ladder, like every other free tier (s10 audit F10), and counts towards it.
2. The files bucket reads only the CDN's misses on file routes: with an application in the
   stack, the misses on its routes (simple index pages, JSON API: app.route_share of the
   requests, 0.5 by default, docs/sources.md "August 2026") go to the app, not the bucket. A
   stack without an app is read as a static index (a CDN and a bucket), whose pages are in
   the bucket, so there every miss is a read. S3 GET in us-east-1: $0.0004 per 1,000
   (catalog aws/s3.json).
"""

from __future__ import annotations

from costmodel_helpers import CLOUDFRONT, S3_FILES, lines, price, res

AS_OF = "2026-11-30"
# 1e7 requests a month at a 0.9 hit ratio: 1e6 misses.
TRAFFIC = {"egress": "1 TB/month", "requests": "1e7/month", "cache_hit_ratio": 0.9}
APP = {"requests": "1e6/month", "response_size": "50 kB", "seconds_per_request": 0.2}
FREE_NOTE = (
    "Cloud Run: its first 1 GiB a month of internet egress within North America is free "
    "(cloud.google.com/run/pricing, checked 2026-11-30)"
)


def cloud_run(location: str):
    template = {
        "containers": [{"resources": {"cpuIdle": True, "limits": {"cpu": "1", "memory": "1Gi"}}}],
        "scaling": {"minInstanceCount": 0, "maxInstanceCount": 4},
    }
    return res("gcp:cloudrunv2/service:Service", "run", "app", location=location, template=template)


def egress(est):
    return [line for line in lines(est, "run") if line[0].startswith("internet egress")]


def test_the_first_gib_within_north_america_is_free():
    # 1e6 x 50 kB = 5e10 bytes = 46.5661287308 GiB; less 1 GiB = 45.5661287308 x 0.12 = 5.4679
    est = price([cloud_run("us-central1")], {"traffic": TRAFFIC, "app": APP}, as_of=AS_OF)
    assert egress(est) == [
        ("internet egress (responses), first 1 GiB (free)", "americas", 0, 0.0),
        ("internet egress (responses), 1-1,024 GiB", "americas", 0.12, 5.47),
    ]
    assert FREE_NOTE in est.notes


def test_less_than_a_gib_costs_nothing():
    # 1e4 x 50 kB = 5e8 bytes = 0.4657 GiB, all within the free GiB: one free line, $0
    small = {"traffic": TRAFFIC, "app": {**APP, "requests": "1e4/month"}}
    assert egress(price([cloud_run("us-central1")], small, as_of=AS_OF)) == [
        ("internet egress (responses), first 0.47 GiB (free)", "americas", 0, 0.0)
    ]


def test_from_outside_north_america_nothing_is_free():
    # europe-west1 to the Americas: not "within North America"; 46.5661287308 x 0.12 = 5.5879
    est = price([cloud_run("europe-west1")], {"traffic": TRAFFIC, "app": APP}, as_of=AS_OF)
    assert egress(est) == [("internet egress (responses), first 1,024 GiB", "americas", 0.12, 5.59)]
    assert FREE_NOTE not in est.notes


def test_only_the_north_american_share_is_reduced():
    # 60% to North America: 27.9396772385 - 1 = 26.9396772385 GiB x 0.12 = 3.2328; Europe's
    # 40% is unpriced (no sourced rate to EMEA) and keeps all its bytes
    regions = {"north_america": 0.6, "europe": 0.4}
    split = {"traffic": {**TRAFFIC, "regions": regions}, "app": APP}
    est = price([cloud_run("us-east1")], split, as_of=AS_OF)
    assert egress(est) == [
        ("internet egress (responses), first 1 GiB (free)", "americas", 0, 0.0),
        ("internet egress (responses), 1-1,024 GiB", "americas", 0.12, 3.23),
    ]


def gets(est):
    return [line for line in lines(est, "files") if line[0].startswith("GET")]


def test_a_static_index_reads_every_miss_from_the_bucket():
    # 1e6 misses = 1,000 thousand GETs x 0.0004 = 0.40
    est = price([CLOUDFRONT, S3_FILES], {"traffic": TRAFFIC}, as_of=AS_OF)
    assert gets(est) == [("GET requests (cache misses)", "us-east-1", 0.0004, 0.4)]
    assert not any(n.startswith("storage reads") for n in est.notes)


def test_with_an_app_the_bucket_reads_the_file_routes_misses_only():
    # 1e7 x (1 - 0.5) x 0.1 = 5e5 GETs = 500 thousand x 0.0004 = 0.20
    graph = [CLOUDFRONT, S3_FILES, cloud_run("us-central1")]
    est = price(graph, {"traffic": TRAFFIC}, as_of=AS_OF)
    assert gets(est) == [("GET requests (cache misses)", "us-east-1", 0.0004, 0.2)]
    assert (
        "storage reads: the CDN's misses on file routes only (0.5 of its requests); the app's "
        "routes miss to the app"
    ) in est.notes


def test_the_scenarios_route_share_is_used_and_a_database_alone_is_no_app():
    # a route share of 0.2: 1e7 x 0.8 x 0.1 = 8e5 GETs = 800 thousand x 0.0004 = 0.32
    graph = [CLOUDFRONT, S3_FILES, cloud_run("us-central1")]
    scenario = {"traffic": TRAFFIC, "app": {"route_share": 0.2}}
    assert gets(price(graph, scenario, as_of=AS_OF)) == [
        ("GET requests (cache misses)", "us-east-1", 0.0004, 0.32)
    ]
    # a database without an app in the stack: read as a static index, every miss (0.40)
    database = res("aws:rds/instance:Instance", "db", "database")
    est = price([CLOUDFRONT, S3_FILES, database], scenario, as_of=AS_OF)
    assert gets(est) == [("GET requests (cache misses)", "us-east-1", 0.0004, 0.4)]
