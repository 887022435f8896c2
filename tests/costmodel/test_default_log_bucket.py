"""Cloud Logging bills what is streamed into a log bucket, not a sink's routing (s10 audit F3).

cloud.google.com/stackdriver/pricing (stored copy, read 2026-11-30): "Logging storage: $0.50/GiB;
One-time charge for streaming logs into log bucket storage ... First 50 GiB/project/month";
"Log Router: No additional charge". The load balancer's request logs land in the project's
_Default log bucket unless an exclusion keeps them out, so the charge is priced on the Cloud
CDN backend that writes them, and an exclusion removes it.

Traffic below: 1e8 requests a month, all Cloud CDN; 1e8 x 1,500 bytes = 1.5e11 bytes =
139.698 GiB; 50 GiB free, 89.698 x 0.50 = 44.849 -> 44.85.
"""

from __future__ import annotations

from costmodel_helpers import CLOUD_CDN, lines, price, reasons, res

TRAFFIC = {"traffic": {"egress": 1, "requests": "1e8/month"}}
REQUEST_LOGS = 'resource.type="http_load_balancer"'
CHARGED = [
    ("request logs into the _Default log bucket, first 50 GiB (free)", "global", 0, 0.0),
    ("request logs into the _Default log bucket, over 50 GiB", "global", 0.5, 44.85),
]


def sink(destination: str, filter_: str = REQUEST_LOGS) -> object:
    kind = "gcp:logging/projectSink:ProjectSink"
    return res(kind, "sink", "cdn", destination=destination, filter=filter_)


SINK = sink("storage.googleapis.com/analytics-cdn-logs-1234")
URL_MAP = res("gcp:compute/uRLMap:URLMap", "cdn-url-map", "cdn")


def exclusion(filter_: str, **inputs: object) -> object:
    return res(
        "gcp:logging/projectExclusion:ProjectExclusion", "keep-out", "cdn", filter=filter_, **inputs
    )


def ingestion(est: object) -> list[tuple[str, str, float, float]]:
    return [line for line in lines(est, "cdn") if "_Default" in line[0]]


def test_without_an_exclusion_the_backend_pays_and_the_sink_is_free():
    est = price([CLOUD_CDN, URL_MAP, SINK], TRAFFIC)
    assert ingestion(est) == CHARGED
    assert lines(est, "sink") == []  # routing to Cloud Storage: no charge
    assert any("(gcp.logging.ProjectExclusion) avoids it" in n for n in est.notes)
    assert est.complete


def test_an_exclusion_of_the_request_logs_removes_the_charge():
    # the filter infra/cdn/cloudcdn.py writes: this URL map's entries, its name autonamed
    narrow = exclusion(f'{REQUEST_LOGS} AND resource.labels.url_map_name="cdn-url-map-5e1a2b3"')
    est = price([CLOUD_CDN, URL_MAP, SINK, narrow], TRAFFIC)
    assert ingestion(est) == []
    assert lines(est, "keep-out") == [] and est.complete  # an exclusion bills nothing
    assert any(n.startswith("Cloud Logging: keep-out keeps") for n in est.notes)
    # the whole resource type, too
    assert ingestion(price([CLOUD_CDN, exclusion(REQUEST_LOGS)], TRAFFIC)) == []


def test_an_exclusion_that_misses_the_request_logs_leaves_the_charge():
    other_map = exclusion(f'{REQUEST_LOGS} AND resource.labels.url_map_name="admin-url-map"')
    disabled = exclusion(REQUEST_LOGS, disabled=True)
    other_logs = exclusion('resource.type="gce_instance"')
    for keep_out in (other_map, disabled, other_logs):
        assert ingestion(price([CLOUD_CDN, URL_MAP, keep_out], TRAFFIC)) == CHARGED


def test_a_sink_into_a_log_bucket_is_ingestion_there():
    into_bucket = sink("logging.googleapis.com/projects/p/locations/global/buckets/requests")
    est = price([CLOUD_CDN, into_bucket, exclusion(REQUEST_LOGS)], TRAFFIC)
    assert lines(est, "sink") == [
        ("ingestion into a log bucket (request logs), first 50 GiB (free)", "global", 0, 0.0),
        ("ingestion into a log bucket (request logs), over 50 GiB", "global", 0.5, 44.85),
    ]
    other = sink(
        "logging.googleapis.com/projects/p/locations/global/buckets/audit",
        'resource.type="gce_instance"',
    )
    assert ("sink", "ingestion into a log bucket (request logs)") in [
        (r, c) for r, c, _ in reasons(price([CLOUD_CDN, other], TRAFFIC))
    ]


def test_a_backend_service_pays_for_the_share_it_logs():
    # a backend service logs only with logConfig.enable, at its sample rate: half of 139.698
    # GiB = 69.849 GiB, 50 free, 19.849 x 0.50 = 9.92
    def service(**inputs: object) -> object:
        return res(
            "gcp:compute/backendService:BackendService", "cdn", "cdn", enableCdn=True, **inputs
        )

    half = service(logConfig={"enable": True, "sampleRate": 0.5})
    assert ingestion(price([half], TRAFFIC))[-1] == (
        "request logs into the _Default log bucket, over 50 GiB",
        "global",
        0.5,
        9.92,
    )
    assert ingestion(price([service()], TRAFFIC)) == []  # logging off: nothing stored
