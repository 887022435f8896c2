"""A private VPC with service networking, so Cloud SQL and Memorystore need no public IP."""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

PEERING_PREFIX_LENGTH = 20  # 4,096 addresses for Google-managed services


class GcpPrivateNetwork(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("indexplan:network:GcpPrivateNetwork", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.network = gcp.compute.Network(f"{name}-vpc", auto_create_subnetworks=False, opts=child)
        peering_range = gcp.compute.GlobalAddress(
            f"{name}-services-range",
            purpose="VPC_PEERING",
            address_type="INTERNAL",
            prefix_length=PEERING_PREFIX_LENGTH,
            network=self.network.id,
            opts=child,
        )
        self.connection = gcp.servicenetworking.Connection(
            f"{name}-services",
            network=self.network.id,
            service="servicenetworking.googleapis.com",
            reserved_peering_ranges=[peering_range.name],
            opts=child,
        )
        self.register_outputs({"network": self.network.id})
