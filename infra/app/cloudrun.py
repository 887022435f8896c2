"""The application on Cloud Run: HTTPS only (Cloud Run serves no plain HTTP), sized and
scaled from the stack, running as its own service account, reaching Cloud SQL and
Memorystore over the private network (direct VPC egress)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
    # environment variable -> a Pulumi secret (a private index's file token key)
    secrets: Mapping[str, pulumi.Output[str]] = field(default_factory=dict)


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
        container: dict[str, object] = {
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
        readers: list[pulumi.Resource] = []
        if args.secrets:
            envs, readers = self._secret_envs(name, args.secrets, account.email, child)
            container["envs"] = envs
        template: dict[str, object] = {
            "service_account": account.email,
            "max_instance_request_concurrency": sizing.concurrency,
            "scaling": {
                "min_instance_count": sizing.min_instances,
                "max_instance_count": sizing.max_instances,
            },
            "containers": [container],
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
            opts=pulumi.ResourceOptions(parent=self, depends_on=readers),
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

    @staticmethod
    def _secret_envs(
        name: str,
        secrets: Mapping[str, pulumi.Output[str]],
        runner: pulumi.Output[str],
        child: pulumi.ResourceOptions,
    ) -> tuple[list[dict[str, object]], list[pulumi.Resource]]:
        """Each secret in Secret Manager, readable by the app's account only, and the app's
        environment naming it (the service's spec holds no secret value)."""
        envs: list[dict[str, object]] = []
        readers: list[pulumi.Resource] = []
        for env, value in secrets.items():
            data: pulumi.Output[str] = pulumi.Output.secret(value)
            slug = env.lower().replace("_", "-")
            secret = gcp.secretmanager.Secret(
                f"{name}-{slug}", secret_id=slug, replication={"auto": {}}, opts=child
            )
            gcp.secretmanager.SecretVersion(
                f"{name}-{slug}-version",
                secret=secret.id,
                secret_data=data,
                opts=child,
            )
            readers.append(
                gcp.secretmanager.SecretIamMember(
                    f"{name}-{slug}-reader",
                    secret_id=secret.id,
                    role="roles/secretmanager.secretAccessor",
                    member=runner.apply(lambda email: f"serviceAccount:{email}"),
                    opts=child,
                )
            )
            ref = {"secret": secret.id, "version": "latest"}  # projects/<p>/secrets/<id>
            envs.append({"name": env, "value_source": {"secret_key_ref": ref}})
        return envs, readers
