"""The application tier on AWS (issue 12): ECS services on Fargate (vCPU and memory hours of
their tasks), load balancers (Application, Network, Gateway: hours and capacity units, each
kind at its own rate; Classic: hours and bytes processed; the app's responses as transfer out
to the internet), the NAT gateway and
its public IPv4 address, SES messages and OpenSearch domains (instances and gp3 storage)."""

from __future__ import annotations

from typing import Any

from costmodel.model import usage, usage_roles
from costmodel.model.components import Component, Context, Unpriceable, UsageFn, priced
from costmodel.model.graph import Resource
from costmodel.model.no_usage import DependsOnUsage
from costmodel.model.prices import Measure
from costmodel.model.quantities import GIB, HOURS_PER_MONTH

TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
MIB = 2**20
# ALB capacity units: the largest of these per hour (one LCU each); indexplan's app serves
# short HTTPS requests, so new connections (one per request, no keep-alive assumed) and
# processed bytes are the dimensions that can bind.
NEW_CONNECTIONS_PER_LCU_SECOND = 25
BYTES_PER_LCU_HOUR = 1e9
SECONDS_PER_HOUR = 3600


def aws(name: str, service: str, dimension: str, measure: Measure, fn: Any, **kw: Any) -> Component:
    return Component(name, service, dimension, measure, fn, zone_map="regions", **kw)


def task_definition(service: Resource, ctx: Context) -> Resource:
    tasks = ctx.index.lookup(TASK_DEFINITION).resolve(service.inputs.get("taskDefinition"))
    if tasks is None:
        raise Unpriceable("the service's task definition is not in the graph", whole=True)
    if service.inputs.get("launchType", "FARGATE") != "FARGATE":
        raise Unpriceable("only the Fargate launch type is priced", whole=True)
    platform = tasks.inputs.get("runtimePlatform") or {}
    if (
        platform.get("cpuArchitecture", "X86_64") != "X86_64"
        or platform.get("operatingSystemFamily", "LINUX") != "LINUX"
    ):
        raise Unpriceable("only Linux x86 Fargate tasks are in the catalog", whole=True)
    return tasks


def task_hours(service: Resource, ctx: Context) -> float:
    return usage.number(service, "desiredCount") * HOURS_PER_MONTH


def fargate_vcpu(service: Resource, ctx: Context) -> dict[str, float]:
    vcpu = usage.number(task_definition(service, ctx), "cpu") / 1024
    return {ctx.region("aws", service): task_hours(service, ctx) * vcpu}


def fargate_memory(service: Resource, ctx: Context) -> dict[str, float]:
    memory = usage.number(task_definition(service, ctx), "memory") * MIB
    ctx.notes.add("Fargate: the service's desired count runs all month (autoscaling not modelled)")
    return {ctx.region("aws", service): task_hours(service, ctx) * memory}


# loadBalancerType -> (hours, capacity units): each kind at its own rate
LB_KINDS = {
    "application": ("alb_hours", "alb_lcu_hours"),
    "network": ("nlb_hours", "nlb_lcu_hours"),
    "gateway": ("gwlb_hours", "gwlb_lcu_hours"),
}


def lb_kind(lb: Resource) -> str:
    kind = lb.inputs.get("loadBalancerType")
    if kind is None:  # AWS's default
        return "application"
    if not isinstance(kind, str) or kind not in LB_KINDS:
        raise Unpriceable(
            f"load balancer type {kind!r}: expected {', '.join(LB_KINDS)}", whole=True
        )
    return kind


def lb_hours(kind: str) -> UsageFn:
    def hours(lb: Resource, ctx: Context) -> dict[str, float]:
        return all_month(lb, ctx) if lb_kind(lb) == kind else {}

    return hours


def lcu_hours(lb: Resource, ctx: Context) -> dict[str, Any]:
    """The month's capacity units at the mean hour: the larger of new connections and bytes."""
    if lb_kind(lb) != "application":
        return {}
    if lb.role != "app":
        raise DependsOnUsage("load balancer traffic")
    requests = usage_roles.app_requests(ctx)
    per_hour = requests / HOURS_PER_MONTH
    connections = per_hour / SECONDS_PER_HOUR / NEW_CONNECTIONS_PER_LCU_SECOND
    processed = per_hour * usage_roles.app_response_size(ctx) / BYTES_PER_LCU_HOUR
    ctx.notes.add("ALB: capacity units at the month's mean hour, one new connection per request")
    lcus = connections * (connections >= processed) + processed * (processed > connections)
    return {ctx.region("aws", lb): lcus * HOURS_PER_MONTH}


def capacity_units(kind: str) -> UsageFn:
    """Network and Gateway capacity units count flows and bytes the scenario does not give."""

    def units(lb: Resource, ctx: Context) -> dict[str, Any]:
        if lb_kind(lb) != kind:
            return {}
        raise DependsOnUsage("load balancer traffic")

    return units


def classic_data(lb: Resource, ctx: Context) -> dict[str, Any]:
    """A Classic load balancer bills the bytes it processes: the app's responses."""
    if lb.role != "app":
        raise DependsOnUsage("bytes through the load balancer")
    processed = usage_roles.app_requests(ctx) * usage_roles.app_response_size(ctx)
    return {ctx.region("aws", lb): processed}


def internet_out(lb: Resource, ctx: Context) -> dict[str, Any]:
    """The app's responses leave AWS through its balancer: the program points the app's
    hostname at the balancer itself (infra/app/fargate.py), so AWS bills them as data transfer
    out to the internet (EC2's rates, the account's 100 GB free shared with S3's; see
    costmodel/catalog/aws/data_transfer.yaml). An internal balancer sends nothing out; a
    Gateway balancer forwards to appliances, not to the internet."""
    if lb.inputs.get("internal") is True or lb_kind(lb) == "gateway":
        return {}
    if lb.role != "app":
        raise DependsOnUsage("bytes sent to the internet")
    sent = usage_roles.app_requests(ctx) * usage_roles.app_response_size(ctx)
    return {ctx.region("aws", lb): sent}


def all_month(resource: Resource, ctx: Context) -> dict[str, float]:
    return {ctx.region("aws", resource): float(HOURS_PER_MONTH)}


def nat_bytes(resource: Resource, ctx: Context) -> dict[str, float]:
    """The bytes a usage file says the gateway processes; no scenario figure carries them."""
    processed = ctx.scenario.gateway_processed
    if processed is None:
        raise DependsOnUsage("bytes through the NAT gateway")
    return {ctx.region("aws", resource): processed}


def messages(identity: Resource, ctx: Context) -> dict[str, Any]:
    return {usage.ONE: usage_roles.emails(ctx)}


def search_instance(domain: Resource) -> str:
    return str(usage.required(domain, "clusterConfig.instanceType"))


def search_hours(domain: Resource, ctx: Context) -> dict[str, float]:
    count = usage.number(domain, "clusterConfig.instanceCount")
    return {ctx.region("aws", domain): count * HOURS_PER_MONTH}


def search_storage(domain: Resource, ctx: Context) -> dict[str, float]:
    if usage.required(domain, "ebsOptions.volumeType") != "gp3":
        raise Unpriceable("only gp3 volumes are in the catalog")
    count = usage.number(domain, "clusterConfig.instanceCount")
    size = usage.number(domain, "ebsOptions.volumeSize") * GIB
    return {ctx.region("aws", domain): count * size}


priced(
    "aws:ecs/service:Service",
    aws("Fargate vCPU", "fargate", "vcpu", "vcpu_hours", fargate_vcpu),
    aws("Fargate memory", "fargate", "memory", "byte_hours", fargate_memory),
)
LOAD_BALANCER = tuple(
    component
    for kind, (hours, units) in LB_KINDS.items()
    for component in (
        aws("load balancer hours", "elb", hours, "hours", lb_hours(kind)),
        aws(
            "load balancer capacity units",
            "elb",
            units,
            "hours",
            lcu_hours if kind == "application" else capacity_units(kind),
        ),
    )
)
TRANSFER_OUT = aws(
    "transfer out to the internet", "data_transfer", "internet_out", "bytes", internet_out
)
priced("aws:lb/loadBalancer:LoadBalancer", *LOAD_BALANCER, TRANSFER_OUT)
priced("aws:alb/loadBalancer:LoadBalancer", *LOAD_BALANCER, TRANSFER_OUT)  # the older name
priced(
    "aws:elb/loadBalancer:LoadBalancer",  # Classic
    aws("load balancer hours", "elb", "classic_hours", "hours", all_month),
    aws("data processed", "elb", "classic_data", "bytes", classic_data),
    TRANSFER_OUT,
)
priced(
    "aws:ec2/natGateway:NatGateway",
    aws("NAT gateway hours", "vpc", "nat_gateway_hours", "hours", all_month),
    aws("data processed", "vpc", "nat_gateway_data", "bytes", nat_bytes),
)
priced(
    "aws:ec2/eip:Eip",
    aws("public IPv4 address", "vpc", "public_ipv4_hours", "hours", all_month),
)
priced(
    "aws:sesv2/emailIdentity:EmailIdentity",
    Component("messages sent", "ses", "messages", "requests", messages, zone=usage.ONE),
)
priced(
    "aws:opensearch/domain:Domain",
    aws("instances", "opensearch", "instance", "hours", search_hours, variant=search_instance),
    aws("storage (gp3)", "opensearch", "storage_gp3", "byte_months", search_storage),
)
