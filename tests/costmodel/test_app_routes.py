"""Who answers the CDN's misses on the app's routes (the simple index pages, the JSON API),
worked by hand: `indexplan:app_routes` on a stack without an app, said on its CDN component.

- `outside`: an app the stack does not hold answers them; the files bucket reads the misses on
  file routes only: requests x (1 - app.route_share) x (1 - hit).
- `bucket`: a static index, whose pages are objects in the bucket: every miss is a read.
- not said (a foreign program's graph, a stack without the key): as `bucket`, without a note.

Traffic: 1e7 requests a month at a 0.9 hit ratio = 1e6 misses; app.route_share 0.5 by default
(docs/sources.md, "August 2026": about 3 of 6 billion requests a day were not file downloads).
Prices: S3 GET in us-east-1 $0.0004 per 1,000 (catalog aws/s3.json); GCS Class B in the US
multi-region $0.0004 per 1,000 operations (catalog gcp/operations.yaml).
"""

from __future__ import annotations

from costmodel_helpers import CLOUD_CDN, CLOUDFRONT, GCS_FILES, S3_FILES, lines, price, reasons, res

AS_OF = "2026-11-30"
TRAFFIC = {"egress": "1 TB/month", "requests": "1e7/month", "cache_hit_ratio": 0.9}
OUTSIDE_NOTE = (
    "storage reads: the CDN's misses on file routes only (0.5 of its requests); the app's "
    "routes miss to its origin outside the stack (indexplan:app_routes: outside), whose cost "
    "is not in this estimate"
)
BUCKET_NOTE = (
    "storage reads: the CDN's misses on every route, the index's pages included "
    "(indexplan:app_routes: bucket, a static index)"
)


def component(routes: object, impl: str = "CloudFront"):
    """The CDN's component as infra/cdn writes it: `app_routes` among its own inputs."""
    return res(f"indexplan:cdn:{impl}", "cdn", app_routes=routes)


def reads(est, name: str = "files"):
    return [line for line in lines(est, name) if line[0].startswith(("GET", "Class B"))]


def test_an_app_outside_the_stack_takes_its_routes_misses_off_the_bucket():
    # 1e7 x (1 - 0.5) x (1 - 0.9) = 5e5 GETs = 500 thousand x 0.0004 = 0.20
    est = price([component("outside"), CLOUDFRONT, S3_FILES], {"traffic": TRAFFIC}, as_of=AS_OF)
    assert reads(est) == [("GET requests (cache misses)", "us-east-1", 0.0004, 0.2)]
    assert OUTSIDE_NOTE in est.notes
    # the share is the scenario's default, and the estimate says so
    assert any(n.startswith("default: app.route_share 0.5") for n in est.notes)


def test_outside_uses_the_scenarios_route_share_on_cloud_storage_too():
    # route share 0.2: 1e7 x 0.8 x 0.1 = 8e5 Class B = 800 thousand x 0.0004 = 0.32
    scenario = {"traffic": TRAFFIC, "app": {"route_share": 0.2}}
    graph = [component("outside", "CloudCDN"), CLOUD_CDN, GCS_FILES]
    est = price(graph, scenario, as_of=AS_OF)
    assert reads(est) == [("Class B operations (cache misses)", "multi_region", 0.0004, 0.32)]
    assert OUTSIDE_NOTE.replace("0.5", "0.8") in est.notes


def test_a_static_index_says_so_and_reads_every_miss():
    # 1e7 x 1 x 0.1 = 1e6 GETs = 1,000 thousand x 0.0004 = 0.40
    est = price([component("bucket"), CLOUDFRONT, S3_FILES], {"traffic": TRAFFIC}, as_of=AS_OF)
    assert reads(est) == [("GET requests (cache misses)", "us-east-1", 0.0004, 0.4)]
    assert BUCKET_NOTE in est.notes
    assert OUTSIDE_NOTE not in est.notes


def test_not_said_is_todays_static_index_without_a_note():
    # the same 0.40 as `bucket`; nothing said, so no storage-reads note
    est = price(
        [res("indexplan:cdn:CloudFront", "cdn"), CLOUDFRONT, S3_FILES], {"traffic": TRAFFIC}
    )
    assert reads(est) == [("GET requests (cache misses)", "us-east-1", 0.0004, 0.4)]
    assert not any(n.startswith("storage reads") for n in est.notes)


def test_an_app_in_the_stack_is_what_answers_whatever_a_component_says():
    # the config refuses app_routes beside an app role; a hand-made graph with both: the app
    # in the graph wins, 5e5 GETs = 0.20, and the note names the app
    run = res("gcp:cloudrunv2/service:Service", "run", "app", location="us-central1")
    graph = [component("bucket"), CLOUDFRONT, S3_FILES, run]
    est = price(graph, {"traffic": TRAFFIC}, as_of=AS_OF)
    assert reads(est) == [("GET requests (cache misses)", "us-east-1", 0.0004, 0.2)]
    assert (
        "storage reads: the CDN's misses on file routes only (0.5 of its requests); the app's "
        "routes miss to the app"
    ) in est.notes


def test_a_graph_that_says_something_else_leaves_the_reads_unpriced():
    # a foreign or hand-edited preview: an unknown word, a list, or two CDNs that disagree
    for said in (
        [component("elsewhere")],
        [component(["outside"])],
        [component("outside"), res("indexplan:cdn:Fastly", "cdn2", app_routes="bucket")],
    ):
        est = price([*said, CLOUDFRONT, S3_FILES], {"traffic": TRAFFIC}, as_of=AS_OF)
        assert reads(est) == []
        (reason,) = [r for n, c, r in reasons(est) if n == "files" and c and "GET" in c]
        assert "app_routes" in reason and "expected one of bucket, outside" in reason
