"""The application (web, API and workers' image) on ECS Fargate behind an Application Load
Balancer: HTTPS only with TLS 1.2 or later, plain HTTP redirected, tasks in private subnets
reachable only from the load balancer, scaled on CPU between the stack's bounds."""

from __future__ import annotations

import json
from typing import NamedTuple

import pulumi
import pulumi_aws as aws

from infra.config import FargateApp
from infra.dns.records import Alias, Record
from infra.network.aws import AwsNetwork

# TLS 1.3 and 1.2 only, forward secrecy (Elastic Load Balancing's recommended policy).
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
HEALTH_PATH = "/"
LOG_DAYS = 30
CONTAINER = "app"
EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
ANYWHERE = {"cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]}


class FargateServiceArgs(NamedTuple):
    hostname: str  # the index's web and API hostname
    sizing: FargateApp
    network: AwsNetwork
    region: str


class FargateService(pulumi.ComponentResource):
    def __init__(
        self, name: str, args: FargateServiceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("indexplan:app:Fargate", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sizing, network = args.sizing, args.network
        lb_group = network.security_group(
            self,
            f"{name}-lb-sg",
            "load balancer: HTTPS from anywhere (HTTP only to redirect)",
            [{"protocol": "tcp", "from_port": p, "to_port": p, **ANYWHERE} for p in (443, 80)],
        )
        self.tasks_group = network.security_group(
            self,
            f"{name}-tasks-sg",
            "app tasks: only the load balancer reaches them",
            [
                {
                    "protocol": "tcp",
                    "from_port": sizing.port,
                    "to_port": sizing.port,
                    "security_groups": [lb_group.id],
                }
            ],
        )
        certificate = aws.acm.Certificate(
            f"{name}-certificate", domain_name=args.hostname, validation_method="DNS", opts=child
        )
        validation = certificate.domain_validation_options[0]
        issued = aws.acm.CertificateValidation(
            f"{name}-certificate-validation", certificate_arn=certificate.arn, opts=child
        )
        self.balancer = aws.lb.LoadBalancer(
            f"{name}-lb",
            load_balancer_type="application",
            internal=False,
            security_groups=[lb_group.id],
            subnets=[s.id for s in network.public_subnets],
            drop_invalid_header_fields=True,
            enable_deletion_protection=True,
            opts=child,
        )
        targets = aws.lb.TargetGroup(
            f"{name}-targets",
            port=sizing.port,
            protocol="HTTP",
            target_type="ip",
            vpc_id=network.vpc.id,
            health_check={"path": HEALTH_PATH, "matcher": "200-399"},
            opts=child,
        )
        https = aws.lb.Listener(
            f"{name}-https",
            load_balancer_arn=self.balancer.arn,
            port=443,
            protocol="HTTPS",
            ssl_policy=TLS_POLICY,
            certificate_arn=issued.certificate_arn,
            default_actions=[{"type": "forward", "target_group_arn": targets.arn}],
            opts=child,
        )
        aws.lb.Listener(
            f"{name}-http-redirect",
            load_balancer_arn=self.balancer.arn,
            port=80,
            protocol="HTTP",
            default_actions=[
                {
                    "type": "redirect",
                    "redirect": {"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"},
                }
            ],
            opts=child,
        )
        cluster = aws.ecs.Cluster(
            f"{name}-cluster",
            settings=[{"name": "containerInsights", "value": sizing.container_insights}],
            opts=child,
        )
        service = aws.ecs.Service(
            f"{name}-service",
            cluster=cluster.arn,
            task_definition=self._task(name, sizing, args.region).arn,
            launch_type="FARGATE",
            desired_count=sizing.desired,
            network_configuration={
                "subnets": [s.id for s in network.private_subnets],
                "security_groups": [self.tasks_group.id],
                "assign_public_ip": False,
            },
            load_balancers=[
                {
                    "target_group_arn": targets.arn,
                    "container_name": CONTAINER,
                    "container_port": sizing.port,
                }
            ],
            deployment_circuit_breaker={"enable": True, "rollback": True},
            opts=pulumi.ResourceOptions(parent=self, depends_on=[https]),
        )
        self._autoscale(name, cluster, service, sizing)
        self.records = [
            Record(
                "app",
                args.hostname,
                "A",
                [],
                alias=Alias(self.balancer.dns_name, self.balancer.zone_id),
            ),
            Record(
                "app-validation",
                validation.resource_record_name,
                validation.resource_record_type,
                [validation.resource_record_value],
                60,
            ),
        ]
        self.register_outputs({"url": f"https://{args.hostname}/", "lb": self.balancer.dns_name})

    def _task(self, name: str, sizing: FargateApp, region: str) -> aws.ecs.TaskDefinition:
        child = pulumi.ResourceOptions(parent=self)
        assume = json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        )
        execution = aws.iam.Role(f"{name}-execution-role", assume_role_policy=assume, opts=child)
        aws.iam.RolePolicyAttachment(
            f"{name}-execution-policy",
            role=execution.name,
            policy_arn=EXECUTION_POLICY,
            opts=child,
        )
        self.task_role = aws.iam.Role(f"{name}-task-role", assume_role_policy=assume, opts=child)
        logs = aws.cloudwatch.LogGroup(f"{name}-logs", retention_in_days=LOG_DAYS, opts=child)
        container = logs.name.apply(
            lambda group: json.dumps(
                [
                    {
                        "name": CONTAINER,
                        "image": sizing.image,
                        "essential": True,
                        "portMappings": [{"containerPort": sizing.port, "protocol": "tcp"}],
                        "readonlyRootFilesystem": True,
                        "logConfiguration": {
                            "logDriver": "awslogs",
                            "options": {
                                "awslogs-group": group,
                                "awslogs-region": region,
                                "awslogs-stream-prefix": CONTAINER,
                            },
                        },
                    }
                ]
            )
        )
        return aws.ecs.TaskDefinition(
            f"{name}-task",
            family=f"{name}-task",
            requires_compatibilities=["FARGATE"],
            network_mode="awsvpc",
            cpu=str(round(sizing.vcpu * 1024)),  # CPU units: 1 vCPU = 1024
            memory=str(round(sizing.memory_gb * 1024)),  # MiB
            execution_role_arn=execution.arn,
            task_role_arn=self.task_role.arn,
            runtime_platform={"operating_system_family": "LINUX", "cpu_architecture": "X86_64"},
            container_definitions=container,
            opts=child,
        )

    def _autoscale(
        self, name: str, cluster: aws.ecs.Cluster, service: aws.ecs.Service, sizing: FargateApp
    ) -> None:
        child = pulumi.ResourceOptions(parent=self)
        target = aws.appautoscaling.Target(
            f"{name}-scaling",
            service_namespace="ecs",
            scalable_dimension="ecs:service:DesiredCount",
            resource_id=pulumi.Output.all(cluster.name, service.name).apply(
                lambda v: f"service/{v[0]}/{v[1]}"
            ),
            min_capacity=sizing.min,
            max_capacity=sizing.max,
            opts=child,
        )
        aws.appautoscaling.Policy(
            f"{name}-scale-on-cpu",
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration={
                "target_value": sizing.cpu_target_percent,
                "predefined_metric_specification": {
                    "predefined_metric_type": "ECSServiceAverageCPUUtilization"
                },
            },
            opts=child,
        )
