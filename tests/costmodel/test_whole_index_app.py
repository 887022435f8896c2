"""Issue 12, pricing: the app, search, email and monitoring roles, each line worked by hand
from costmodel/catalog/{aws/app.yaml,gcp/cloud_run.yaml,datadog/infrastructure.yaml}."""

from __future__ import annotations

import pytest
from costmodel_helpers import lines, price, reasons, res

AS_OF = "2026-11-30"
USAGE = {
    "traffic": {"egress": "1 TB/month", "requests": "1e7/month", "cache_hit_ratio": 0.9},
    "storage": {"uploads": "1e4/month"},
    "app": {"requests": "1e6/month", "response_size": "50 kB", "seconds_per_request": 0.2},
    "email": {"messages": "2e4/month"},
    "monitoring": {"hosts": 3, "custom_metrics": 50, "logs": "10 GB/month"},
}
TASK = res("aws:ecs/taskDefinition:TaskDefinition", "app-task", "app", cpu="2048", memory="4096")
SERVICE = res(
    "aws:ecs/service:Service",
    "app-service",
    "app",
    desiredCount=8,
    launchType="FARGATE",
    taskDefinition="arn:aws:ecs/taskDefinition:us-east-1::app-task",
)
LB = res("aws:lb/loadBalancer:LoadBalancer", "app-lb", "app", loadBalancerType="application")


def test_fargate_tasks_and_the_load_balancer():
    est = price([TASK, SERVICE, LB], USAGE, as_of=AS_OF)
    assert lines(est, "app-service") == [
        # 8 tasks x 2 vCPU (2048 / 1024) x 730 h = 11,680 vCPU-h x 0.04048 = 472.8064
        ("Fargate vCPU", "us-east-1", 0.04048, 472.81),
        # 8 tasks x 4 GB (4096 MiB) x 730 h = 23,360 GB-h x 0.004445 = 103.8352
        ("Fargate memory", "us-east-1", 0.004445, 103.84),
    ]
    assert lines(est, "app-lb") == [
        # 730 h x 0.0225 = 16.425 -> 16.43 (half up)
        ("load balancer hours", "us-east-1", 0.0225, 16.43),
        # 1e6 requests x 50 kB = 50 GB a month = 0.0685 GB an hour (1 LCU per GB-hour) beats
        # 1e6 / 730 / 3600 / 25 = 0.0152 new-connection LCUs: 50 LCU-h x 0.008 = 0.40
        ("load balancer capacity units", "us-east-1", 0.008, 0.4),
        # the same 50e9 bytes leave AWS: 50e9 / 2^30 = 46.57 GB, all within the account's
        # 100 GB a month free (costmodel/catalog/aws/data_transfer.yaml)
        ("transfer out to the internet, first 46.57 GB (free)", "us-east-1", 0, 0.0),
    ]
    assert reasons(est) == []


def test_a_task_definition_the_graph_does_not_hold_leaves_the_service_unpriced():
    est = price([SERVICE], USAGE, as_of=AS_OF)
    assert reasons(est) == [
        ("app-service", None, "the service's task definition is not in the graph")
    ]


def test_fargate_outside_us_east_is_unpriced_with_the_reason():
    eu = res(
        "aws:ecs/service:Service", "app-service", "app", **{**SERVICE.inputs, "region": "eu-west-1"}
    )
    why = {r for _, _, r in reasons(price([TASK, eu], USAGE, as_of=AS_OF))}
    assert any("no aws fargate vcpu price for eu-west-1: AWS lists Fargate" in r for r in why)


def test_nat_gateway_and_its_address():
    nat = res("aws:ec2/natGateway:NatGateway", "nat", "network")
    eip = res("aws:ec2/eip:Eip", "nat-address", "network", domain="vpc")
    est = price([nat, eip], USAGE, as_of=AS_OF)
    # 730 h x 0.045 = 32.85; the public IPv4 address 730 h x 0.005 = 3.65 (since 2024-02-01)
    assert lines(est) == [
        ("NAT gateway hours", "us-east-1", 0.045, 32.85),
        ("public IPv4 address", "us-east-1", 0.005, 3.65),
    ]
    # bytes through the gateway are not a scenario figure: listed with their unit price
    assert reasons(est) == [
        ("nat", "data processed", "depends on usage: $0.045 per GB (us-east-1)")
    ]
    # before 2024-02-01 an attached Elastic IP was free
    assert lines(price([eip], USAGE, as_of="2023-06-01")) == [
        ("public IPv4 address", "us-east-1", 0, 0.0)
    ]


def test_ses_opensearch():
    identity = res("aws:sesv2/emailIdentity:EmailIdentity", "mail", "email")
    domain = res(
        "aws:opensearch/domain:Domain",
        "search",
        "search",
        clusterConfig={"instanceType": "r6g.large.search", "instanceCount": 3},
        ebsOptions={"volumeType": "gp3", "volumeSize": 100},
    )
    est = price([identity, domain], USAGE, as_of=AS_OF)
    # 2e4 messages = 20 x 1,000 x 0.10 = 2.00
    assert lines(est, "mail") == [("messages sent", "global", 0.1, 2.0)]
    # 3 x 730 h x 0.167 = 365.73; 3 x 100 GB x 0.122 = 36.60
    assert lines(est, "search") == [
        ("instances", "us-east-1", 0.167, 365.73),
        ("storage (gp3)", "us-east-1", 0.122, 36.6),
    ]


def cloud_run(cpu="1", memory="1024Mi", concurrency=None, **scaling):
    template = {
        "containers": [{"resources": {"cpuIdle": True, "limits": {"cpu": cpu, "memory": memory}}}],
        "scaling": {"minInstanceCount": 0, "maxInstanceCount": 4, **scaling},
    }
    if concurrency is not None:
        template["maxInstanceRequestConcurrency"] = concurrency
    return res(
        "gcp:cloudrunv2/service:Service", "run", "app", location="us-central1", template=template
    )


# Request-based billing bills an instance while it serves at least one request
# (cloud.google.com/run/docs/configuring/billing-settings), so requests served at once share it.
# 1e6 requests x 0.2 s = 200,000 request-seconds a scenario month; load = 200,000 / (30.4375 d
# x 86,400 = 2,629,800 s) = 0.0760514 requests in flight on average; e^-0.0760514 = 1 - x +
# x^2/2 - x^3/6 + x^4/24 = 1 - 0.0760514 + 0.0028919 - 0.0000733 + 0.0000014 = 0.9267686.
# With C = 80, ceil(N/80) is 1 for 1 <= N <= 80 and P(N > 80) is below 1e-100, so E[ceil(N/80)]
# = 1 - 0.9267686 = 0.0732314 instances, x 730 h x 3,600 = 2,628,000 s = 192,452 s.
def test_cloud_run_request_based_shares_instance_time_by_concurrency():
    est = price([cloud_run()], USAGE, as_of=AS_OF)
    # No maxInstanceRequestConcurrency with 1 vCPU: the API's default 80: 192,452
    # instance-seconds (within 4 instances x 730 h). vCPU: 180,000 free, 12,452 x 0.000024 =
    # 0.2988; memory 1 GiB x 192,452 s within the free 360,000;
    # requests 1 million, within the free 2 million.
    assert lines(est, "run") == [
        ("vCPU-seconds, first 180,000 vCPU-second (free)", "us-central1", 0, 0.0),
        ("vCPU-seconds, over 180,000 vCPU-second", "us-central1", 0.000024, 0.3),
        ("GiB-seconds, first 360,000 GiB-second (free)", "us-central1", 0, 0.0),
        ("requests, first 2 million requests (free)", "us-central1", 0, 0.0),
        # 1e6 responses x 50 kB = 5e10 bytes = 46.5661287308 GiB, all to North America (the
        # scenario's default regions), less Cloud Run's free 1 GiB within North America
        # (cloud.google.com/run/pricing): 45.5661287308 x 0.12 = 5.4679 -> 5.47
        ("internet egress (responses), first 1 GiB (free)", "americas", 0, 0.0),
        ("internet egress (responses), 1-1,024 GiB", "americas", 0.12, 5.47),
    ]
    assert not [n for n in est.notes if n.startswith("Cloud Run run:")]  # no bound binds


def test_cloud_run_responses_are_premium_tier_internet_egress():
    """cloud.google.com/run/pricing: outbound internet data transfer at Premium Tier networking
    prices (catalog gcp/egress.json, from us-central1 to the Americas: 0.12 $/GiB to 1 TiB,
    0.11 to 10 TiB, 0.08 beyond). 1e6 responses x 50 kB = 5e10 bytes; 60% to North America =
    3e10 / 2^30 = 27.9396772385 GiB, less the free 1 GiB within North America = 26.9396772385
    x 0.12 = 3.2328 -> 3.23. Europe's 40% is unpriced with the catalog's reason (no sourced
    rate to EMEA), never $0."""
    split = {**USAGE, "traffic": {**USAGE["traffic"], "regions": {"north_america": 0.6,
                                                                   "europe": 0.4}}}  # fmt: skip
    est = price([cloud_run()], split, as_of=AS_OF)
    egress = [line for line in lines(est, "run") if line[0].startswith("internet egress")]
    assert egress == [
        ("internet egress (responses), first 1 GiB (free)", "americas", 0, 0.0),
        ("internet egress (responses), 1-1,024 GiB", "americas", 0.12, 3.23),
    ]
    (why,) = [r for _, c, r in reasons(est) if c == "internet egress (responses)"]
    assert why.startswith("no gcp network internet_egress_premium price for us-central1 in emea")


def test_cloud_run_egress_at_pypi_scale_climbs_the_ladder():
    """private-small at pypi-2026: 2.7397e9 app requests x 20 kB = 5.4794e13 bytes =
    51,030.8989 GiB, all to North America: the free 1 GiB at the bottom of the ladder (a
    "(free)" line, counting towards the tiers as a catalog allowance does), 1,023 x 0.12 =
    122.76; 9,216 x 0.11 = 1,013.76; 40,790.8989 x 0.08 = 3,263.27 (s10 audit F10: it was
    taken off the top before, 122.88 / 1,013.76 / 3,263.19, 4 cents more)."""
    app = {**USAGE["app"], "requests": "2.7397e9/month", "response_size": "20 kB"}
    pypi = {**USAGE, "app": app}
    est = price([cloud_run(concurrency=80)], pypi, as_of=AS_OF)
    egress = [line for line in lines(est, "run") if line[0].startswith("internet egress")]
    assert egress == [
        ("internet egress (responses), first 1 GiB (free)", "americas", 0, 0.0),
        ("internet egress (responses), 1-1,024 GiB", "americas", 0.12, 122.76),
        ("internet egress (responses), 1,024-10,240 GiB", "americas", 0.11, 1013.76),
        ("internet egress (responses), over 10,240 GiB", "americas", 0.08, 3263.27),
    ]


def test_cloud_run_concurrency_one_bills_every_request_second():
    est = price([cloud_run(concurrency=1)], USAGE, as_of=AS_OF)
    # One request an instance: ceil(N/1) = N, E = load, x 2,628,000 s = 200,000 x 2,628,000 /
    # 2,629,800 = 199,863.11 s (the scenario month's request-seconds in a 730 h billing month):
    # 19,863.11 x 0.000024 = 0.4767 -> 0.48
    assert ("vCPU-seconds, over 180,000 vCPU-second", "us-central1", 0.000024, 0.48) in lines(
        est, "run"
    )


def test_cloud_run_at_pypi_scale_fills_instances_to_their_concurrency():
    pypi = {
        **USAGE,
        "app": {**USAGE["app"], "requests": "2.7397e9/month", "seconds_per_request": 0.1},
    }
    est = price([cloud_run(concurrency=80)], pypi, as_of=AS_OF)
    # 2,739,700,000 x 0.1 s = 273,970,000 request-seconds, load 273,970,000 / 2,629,800 =
    # 104.17903. ceil(N/80) is 1 for 1..80, 2 for 81..160, 3 beyond; P(N = 0) = e^-104 ~ 0,
    # P(N > 80) = 0.9918095 (the Poisson CDF at 80 summed term by term, p(n) = p(n-1) x
    # 104.17903 / n), P(N > 160) = 0.00000015: E[ceil(N/80)] = 1 + 0.9918095 + 0.00000015 =
    # 1.9918096 instances x 2,628,000 s = 5,234,475.7 instance-seconds,
    # under 4 x 2,628,000. vCPU (5,234,475.7 - 180,000) x 0.000024 = 121.3074; memory
    # (5,234,475.7 - 360,000) x 0.0000025 = 12.1862. (The old upper bound, load/80 + 79/80 of
    # the month, gave 6,019,775 s: 140.15 and 14.15.)
    assert lines(est, "run")[1:4:2] == [
        ("vCPU-seconds, over 180,000 vCPU-second", "us-central1", 0.000024, 121.31),
        ("GiB-seconds, over 360,000 GiB-second", "us-central1", 0.0000025, 12.19),
    ]


def test_cloud_run_concurrency_zero_is_the_default_and_a_bad_one_unpriced():
    # the API's 0 is its default (80 from one vCPU): the 0.30 above; 1.5 is no request count
    zero = price([cloud_run(concurrency=0)], USAGE, as_of=AS_OF)
    assert ("vCPU-seconds, over 180,000 vCPU-second", "us-central1", 0.000024, 0.3) in lines(
        zero, "run"
    )
    bad = price([cloud_run(concurrency=1.5)], USAGE, as_of=AS_OF)
    assert (
        "run",
        "vCPU-seconds",
        "input template.maxInstanceRequestConcurrency: expected concurrent requests per "
        "instance from 0 to 1,000, got 1.5",
    ) in reasons(bad)


def test_cloud_run_min_instances_bill_all_month():
    est = price([cloud_run(minInstanceCount=1)], USAGE, as_of=AS_OF)
    # 1 instance x 730 h x 3,600 = 2,628,000 s > 192,452 demand: 2,448,000 x 0.000024 = 58.752
    assert ("vCPU-seconds, over 180,000 vCPU-second", "us-central1", 0.000024, 58.75) in lines(
        est, "run"
    )
    assert (
        "Cloud Run run: demand of 192,452 instance-seconds is below min instances 1 x 730 h "
        "(2,628,000): the minimum is billed all month"
    ) in est.notes


def test_cloud_run_max_instances_cap_is_said():
    busy = {**USAGE, "app": {**USAGE["app"], "requests": "2e7/month"}}
    est = price([cloud_run(concurrency=1, maxInstanceCount=1)], busy, as_of=AS_OF)
    # 2e7 x 0.2 s = 4,000,000 request-seconds a scenario month; at one request an instance,
    # 4,000,000 x 2,628,000 / 2,629,800 = 3,997,262 s > 1 instance x 2,628,000 s: capped
    # at 2,628,000; vCPU (2,628,000 - 180,000) x 0.000024 = 58.752, memory (2,628,000 -
    # 360,000) x 0.0000025 = 5.67
    assert lines(est, "run")[1:4:2] == [
        ("vCPU-seconds, over 180,000 vCPU-second", "us-central1", 0.000024, 58.75),
        ("GiB-seconds, over 360,000 GiB-second", "us-central1", 0.0000025, 5.67),
    ]
    assert (
        "Cloud Run run: demand of 3,997,262 instance-seconds (concurrency 1) exceeds max "
        "instances 1 x 730 h (2,628,000): capped; the service would be saturated (requests "
        "refused)"
    ) in est.notes


def test_datadog_hosts_metrics_and_logs():
    dashboard = res("datadog:index/dashboard:Dashboard", "dashboard", "monitoring")
    est = price([dashboard], USAGE, as_of=AS_OF)
    # 3 hosts x 18 = 54.00; 50 custom metrics x 0.05 = 2.50; 10 GB of logs x 0.10 = 1.00
    assert lines(est) == [
        ("infrastructure hosts (Pro)", "global", 18, 54.0),
        ("custom metrics", "global", 0.05, 2.5),
        ("log ingestion", "global", 0.1, 1.0),
    ]
    assert {i.provider for i in est.line_items} == {"datadog"}


def test_defaults_are_derived_from_traffic_and_sizes_and_stated():
    dashboard = res("datadog:index/dashboard:Dashboard", "dashboard", "monitoring")
    traffic_only = {k: USAGE[k] for k in ("traffic", "storage")}
    est = price([TASK, SERVICE, dashboard], traffic_only, as_of=AS_OF)
    # hosts: the service's 8 tasks x 18 = 144.00; app requests = 1e7 x 0.5 of them the app's
    # routes (app.route_share's default) x 0.1 misses + 1e4 uploads = 510,000; logs 1 kB each
    # = 0.51 GB x 0.10 = 0.051 -> 0.05 (before session 8 every miss: 1.01 GB, 0.10)
    assert lines(est, "dashboard") == [
        ("infrastructure hosts (Pro)", "global", 18, 144.0),
        ("log ingestion", "global", 0.1, 0.05),
    ]
    assert (
        "default: app.requests 510,000/month (the CDN's cache misses on the app's routes, 0.5 of "
        "its requests, plus uploads)"
    ) in est.notes
    assert (
        "default: app.route_share 0.5 of the CDN's requests are the app's (PyPI, August 2026: "
        "about 3 of 6 billion requests a day were not file downloads)"
    ) in est.notes
    assert any(n.startswith("default: monitoring.hosts 8") for n in est.notes)


@pytest.mark.parametrize(
    ("section", "value"),
    [("app", {"requests": "-1/month"}), ("app", {"seconds_per_request": 0}), ("email", {"x": 1})],
)
def test_bad_role_usage_is_refused(section, value):
    from costmodel.errors import InputError
    from costmodel.model.scenario import parse_scenario

    with pytest.raises(InputError) as caught:
        parse_scenario({**USAGE, section: value}, "s.yaml", "s")
    assert caught.value.field.startswith(section)


# pypi-2026 (scenarios/pypi-2026.yaml) without an app section: 6e9 requests a day x 30.4375
# days (365.25 / 12) = 1.82625e11 a month at a 0.985 cache hit ratio; 3.9e6 uploads a year =
# 325,000 a month.
PYPI_2026 = {
    "traffic": {"egress": "10 PB/day", "requests": "6e9/day", "cache_hit_ratio": 0.985},
    "storage": {"uploads": "3.9e6/year"},
}


def test_app_requests_default_counts_only_the_misses_on_the_apps_routes():
    """The misses for package files go to the bucket; only the app's routes reach the ALB.
    1.82625e11 x 0.5 (app.route_share's default, docs/sources.md "August 2026": 3 of 6 billion
    requests a day were not file downloads) x 0.015 + 325,000 = 1,370,012,500 requests x 20 kB
    = 2.740025e13 bytes = 25,518.4714 GB (AWS's GB, 2^30 bytes), us-east-1: 100 free; 10,140 x
    0.09 = 912.60; 15,278.4714 x 0.085 = 1,298.67. Before (every miss: 2,739,700,000 requests)
    the same ALB paid 912.60 + 40,790.89 x 0.085 = 3,467.23: $2,168.56 more."""
    est = price([LB], PYPI_2026, as_of=AS_OF)
    transfer = [line for line in lines(est, "app-lb") if line[0].startswith("transfer out")]
    assert transfer == [
        ("transfer out to the internet, first 100 GB (free)", "us-east-1", 0.0, 0.0),
        ("transfer out to the internet, 100-10,240 GB", "us-east-1", 0.09, 912.6),
        ("transfer out to the internet, 10,240-51,200 GB", "us-east-1", 0.085, 1298.67),
    ]
    assert any(n.startswith("default: app.requests 1.37 billion/month") for n in est.notes)


def test_a_scenarios_route_share_replaces_the_default_and_its_requests_replace_both():
    # 1e7 x 0.2 x 0.1 + 1e4 = 210,000 requests x 1 kB of log each = 0.21 GB x 0.10 = 0.021
    dashboard = res("datadog:index/dashboard:Dashboard", "dashboard", "monitoring")
    shared = {k: USAGE[k] for k in ("traffic", "storage")} | {"app": {"route_share": 0.2}}
    est = price([dashboard], shared, as_of=AS_OF)
    assert ("log ingestion", "global", 0.1, 0.02) in lines(est, "dashboard")
    assert (
        "default: app.requests 210,000/month (the CDN's cache misses on the app's routes, 0.2 "
        in (" ".join(est.notes))
    )
    assert not any("app.route_share" in n for n in est.notes)
    # app.requests given (1e6): neither default is used nor said; 1 GB of logs x 0.10
    given = {**shared, "app": {"requests": "1e6/month", "route_share": 0.2}}
    est = price([dashboard], given, as_of=AS_OF)
    assert ("log ingestion", "global", 0.1, 0.1) in lines(est, "dashboard")
    assert not any(n.startswith(("default: app.requests", "default: app.route")) for n in est.notes)


@pytest.mark.parametrize("share", [-0.1, 1.5, "half", True, float("nan")])
def test_a_route_share_outside_0_to_1_is_refused(share):
    from costmodel.errors import InputError
    from costmodel.model.scenario import parse_scenario

    with pytest.raises(InputError) as caught:
        parse_scenario({**USAGE, "app": {"route_share": share}}, "s.yaml", "s")
    assert caught.value.field == "app.route_share"
