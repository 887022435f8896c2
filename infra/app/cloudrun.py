"""The application on Cloud Run: HTTPS only (Cloud Run serves no plain HTTP), sized and
scaled from the stack, running as its own service account, reaching Cloud SQL and
Memorystore over the private network (direct VPC egress)."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from infra.config import CloudRunApp
from infra.network.gcp import GcpPrivateNetwork

# The app's subnet for direct VPC egress (Cloud Run takes addresses from it as it scales).
EGRESS_CIDR = "10.30.0.0/24"


@dataclass(frozen=True)
class CloudRunServiceArgs:
    sizing: CloudRunApp
    region: str
    network: GcpPrivateNetwork | None = None  # present when the database or cache is private


class CloudRunService(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: CloudRunServiceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:app:CloudRun", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sizing = args.sizing
        account = gcp.serviceaccount.Account(
            f"{name}-runner",
            account_id=f"{name}-runner"[:30],
            display_name="the index app",
            opts=child,
        )
        template: dict[str, object] = {
            "service_account": account.email,
            "max_instance_request_concurrency": sizing.concurrency,
            "scaling": {
                "min_instance_count": sizing.min_instances,
                "max_instance_count": sizing.max_instances,
            },
            "containers": [
                {
                    "image": sizing.image,
                    "ports": {"container_port": sizing.port},
                    "resources": {
                        "limits": {
                            "cpu": f"{sizing.vcpu:g}",
                            "memory": f"{round(sizing.memory_gb * 1024)}Mi",
                        },
                        # Billed for CPU only while serving unless instances are kept warm.
                        "cpu_idle": True,
                    },
                }
            ],
        }
        if args.network is not None:
            subnet = gcp.compute.Subnetwork(
                f"{name}-egress",
                network=args.network.network.id,
                region=args.region,
                ip_cidr_range=EGRESS_CIDR,
                private_ip_google_access=True,
                opts=child,
            )
            template["vpc_access"] = {
                "network_interfaces": [
                    {"network": args.network.network.id, "subnetwork": subnet.id}
                ],
                "egress": "PRIVATE_RANGES_ONLY",
            }
        self.service = gcp.cloudrunv2.Service(
            f"{name}-service",
            location=args.region,
            ingress="INGRESS_TRAFFIC_ALL",
            deletion_protection=True,
            template=template,
            opts=child,
        )
        # Anyone may call the web and API service (never the buckets). A private index too:
        # pip, cargo and npm cannot send the Google identity token Cloud Run's IAM check asks
        # for, so the application authenticates its users itself (tokens over HTTPS).
        gcp.cloudrunv2.ServiceIamMember(
            f"{name}-public",
            name=self.service.name,
            location=args.region,
            role="roles/run.invoker",
            member="allUsers",
            opts=child,
        )
        self.url: pulumi.Output[str] = self.service.uri
        self.register_outputs({"url": self.url})
