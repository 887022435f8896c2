"""Search on Elastic Cloud in the stack's Google Cloud region, reachable only through a
Private Service Connect endpoint in the index's VPC (a traffic filter admits that endpoint and
nothing else). Elastic Cloud serves HTTPS only and encrypts data at rest on every deployment.

Why Elastic Cloud: Google Cloud has no managed Elasticsearch or OpenSearch service of its own;
Elastic runs one on Google Cloud, billed by Elastic or through the Google Cloud Marketplace,
and maintains the `ec` provider Pulumi publishes as pulumi-ec.
"""

from __future__ import annotations

from typing import NamedTuple

import pulumi
import pulumi_ec as ec
import pulumi_gcp as gcp

from infra.config import ElasticSearch
from infra.dns.records import fqdn
from infra.network.gcp import GcpPrivateNetwork

PSC_CIDR = "10.31.0.0/28"  # the endpoint's own small subnet


class ElasticDeploymentArgs(NamedTuple):
    sizing: ElasticSearch
    region: str  # the Google Cloud region, e.g. us-central1
    network: GcpPrivateNetwork


class ElasticDeployment(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: ElasticDeploymentArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:search:ElasticCloud", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sizing, network = args.sizing, args.network.network
        # Elastic publishes, per region, the service attachment and the private domain name.
        psc = ec.get_gcp_private_service_connect_endpoint_output(
            region=args.region, opts=pulumi.InvokeOutputOptions(parent=self)
        )
        subnet = gcp.compute.Subnetwork(
            f"{name}-psc",
            network=network.id,
            region=args.region,
            ip_cidr_range=PSC_CIDR,
            opts=child,
        )
        address = gcp.compute.Address(
            f"{name}-psc-address",
            region=args.region,
            subnetwork=subnet.id,
            address_type="INTERNAL",
            opts=child,
        )
        endpoint = gcp.compute.ForwardingRule(
            f"{name}-psc-endpoint",
            region=args.region,
            network=network.id,
            ip_address=address.id,
            target=psc.service_attachment_uri,
            load_balancing_scheme="",  # a Private Service Connect endpoint
            opts=child,
        )
        zone = gcp.dns.ManagedZone(
            f"{name}-psc-zone",
            dns_name=fqdn(psc.domain_name),
            description="Elastic Cloud's private endpoint names",
            visibility="private",
            private_visibility_config={"networks": [{"network_url": network.id}]},
            opts=child,
        )
        gcp.dns.RecordSet(
            f"{name}-psc-record",
            managed_zone=zone.name,
            name=fqdn(psc.domain_name.apply(lambda d: f"*.{d}")),
            type="A",
            ttl=300,
            rrdatas=[address.address],
            opts=child,
        )
        only_the_vpc = ec.DeploymentTrafficFilter(
            f"{name}-private-only",
            region=f"gcp-{args.region}",
            type="gcp_private_service_connect_endpoint",
            rules=[{"source": endpoint.psc_connection_id}],
            opts=child,
        )
        self.deployment = ec.Deployment(
            f"{name}-deployment",
            region=f"gcp-{args.region}",
            version=sizing.version,
            deployment_template_id=sizing.template,
            elasticsearch={
                "hot": {
                    "size": f"{sizing.size_gb}g",
                    "zone_count": sizing.zones,
                    "autoscaling": {},
                }
            },
            traffic_filters=[only_the_vpc.id],
            opts=child,
        )
        self.register_outputs({"deployment": self.deployment.id})
